// Package store keeps tasks in memory behind a small repository interface.
package store

import (
	"errors"
	"sort"
	"sync"
	"time"
)

// ErrNotFound is returned when no task has the requested ID.
var ErrNotFound = errors.New("store: task not found")

// Task is a unit of work on the team board.
type Task struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Done      bool      `json:"done"`
	CreatedAt time.Time `json:"created_at"`
}

// Store is a concurrency-safe in-memory task repository.
type Store struct {
	mu     sync.RWMutex
	nextID int64
	tasks  map[int64]Task
	now    func() time.Time
}

// New returns an empty store. now may be nil to use time.Now.
func New(now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{nextID: 1, tasks: make(map[int64]Task), now: now}
}

// Create stores a new task with the given title and returns it.
func (s *Store) Create(title string) Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := Task{ID: s.nextID, Title: title, CreatedAt: s.now().UTC()}
	s.tasks[t.ID] = t
	s.nextID++
	return t
}

// Get returns the task with the given id.
func (s *Store) Get(id int64) (Task, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tasks[id]
	if !ok {
		return Task{}, ErrNotFound
	}
	return t, nil
}

// List returns all tasks ordered by ID.
func (s *Store) List() []Task {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Task, 0, len(s.tasks))
	for _, t := range s.tasks {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SetDone marks the task done or not done.
func (s *Store) SetDone(id int64, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tasks[id]
	if !ok {
		return Task{}, ErrNotFound
	}
	t.Done = done
	s.tasks[id] = t
	return t, nil
}

// Delete removes the task with the given id.
func (s *Store) Delete(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tasks[id]; !ok {
		return ErrNotFound
	}
	delete(s.tasks, id)
	return nil
}
