package store

import (
	"errors"
	"sync"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }

func TestCreateAssignsIncreasingIDs(t *testing.T) {
	s := New(fixedNow)
	a := s.Create("write docs")
	b := s.Create("review PR")
	if a.ID != 1 || b.ID != 2 {
		t.Fatalf("IDs = %d, %d; want 1, 2", a.ID, b.ID)
	}
	if !a.CreatedAt.Equal(fixedNow()) {
		t.Errorf("CreatedAt = %v, want %v", a.CreatedAt, fixedNow())
	}
}

func TestGetMissing(t *testing.T) {
	s := New(fixedNow)
	if _, err := s.Get(42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(42) error = %v, want ErrNotFound", err)
	}
}

func TestListIsSorted(t *testing.T) {
	s := New(fixedNow)
	for _, title := range []string{"c", "a", "b"} {
		s.Create(title)
	}
	got := s.List()
	for i, task := range got {
		if task.ID != int64(i+1) {
			t.Fatalf("List()[%d].ID = %d, want %d", i, task.ID, i+1)
		}
	}
}

func TestSetDoneAndDelete(t *testing.T) {
	s := New(fixedNow)
	task := s.Create("ship it")
	updated, err := s.SetDone(task.ID, true)
	if err != nil || !updated.Done {
		t.Fatalf("SetDone = %+v, %v", updated, err)
	}
	if err := s.Delete(task.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := s.Delete(task.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete error = %v, want ErrNotFound", err)
	}
}

func TestConcurrentCreate(t *testing.T) {
	s := New(nil)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Create("task")
		}()
	}
	wg.Wait()
	if n := len(s.List()); n != 50 {
		t.Fatalf("len(List()) = %d, want 50", n)
	}
}
