package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"example.com/service/internal/store"
)

func newTestServer(t *testing.T) (*store.Store, http.Handler) {
	t.Helper()
	s := store.New(func() time.Time { return time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC) })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	return s, New(s, logger).Routes()
}

func do(t *testing.T, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHealth(t *testing.T) {
	_, h := newTestServer(t)
	rec := do(t, h, http.MethodGet, "/healthz", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /healthz = %d, want 200", rec.Code)
	}
}

func TestCreateTask(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantTitle  string
	}{
		{name: "valid task", body: `{"title":"write release notes"}`, wantStatus: http.StatusCreated, wantTitle: "write release notes"},
		{name: "title is trimmed", body: `{"title":"  fix flaky test  "}`, wantStatus: http.StatusCreated, wantTitle: "fix flaky test"},
		{name: "missing title", body: `{}`, wantStatus: http.StatusBadRequest},
		{name: "whitespace-only title", body: `{"title":"   "}`, wantStatus: http.StatusBadRequest},
		{name: "title too long", body: `{"title":"` + strings.Repeat("x", 201) + `"}`, wantStatus: http.StatusBadRequest},
		{name: "unknown field", body: `{"title":"a","owner":"bob"}`, wantStatus: http.StatusBadRequest},
		{name: "malformed json", body: `{"title":`, wantStatus: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, h := newTestServer(t)
			rec := do(t, h, http.MethodPost, "/tasks", tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("POST /tasks %s: status = %d, want %d (body: %s)", tt.body, rec.Code, tt.wantStatus, strings.TrimSpace(rec.Body.String())) // gate:want test-failure test=TestCreateTask/whitespace-only_title
			}
			if tt.wantStatus != http.StatusCreated {
				return
			}
			var got store.Task
			if err := json.NewDecoder(rec.Body).Decode(&got); err != nil {
				t.Fatalf("decode response: %v", err)
			}
			if got.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", got.Title, tt.wantTitle)
			}
			if loc := rec.Header().Get("Location"); loc != "/tasks/1" {
				t.Errorf("Location = %q, want /tasks/1", loc)
			}
		})
	}
}

func TestGetTask(t *testing.T) {
	s, h := newTestServer(t)
	s.Create("existing")
	tests := []struct {
		name       string
		target     string
		wantStatus int
	}{
		{"found", "/tasks/1", http.StatusOK},
		{"not found", "/tasks/99", http.StatusNotFound},
		{"non-numeric id", "/tasks/abc", http.StatusBadRequest},
		{"zero id", "/tasks/0", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rec := do(t, h, http.MethodGet, tt.target, ""); rec.Code != tt.wantStatus {
				t.Errorf("GET %s = %d, want %d", tt.target, rec.Code, tt.wantStatus)
			}
		})
	}
}

func TestUpdateAndDelete(t *testing.T) {
	s, h := newTestServer(t)
	s.Create("triage bugs")

	rec := do(t, h, http.MethodPatch, "/tasks/1", `{"done":true}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("PATCH = %d, want 200", rec.Code)
	}
	if task, _ := s.Get(1); !task.Done {
		t.Errorf("task not marked done")
	}
	if rec := do(t, h, http.MethodPatch, "/tasks/1", `{}`); rec.Code != http.StatusBadRequest {
		t.Errorf("PATCH without done = %d, want 400", rec.Code)
	}
	if rec := do(t, h, http.MethodDelete, "/tasks/1", ""); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", rec.Code)
	}
	if rec := do(t, h, http.MethodDelete, "/tasks/1", ""); rec.Code != http.StatusNotFound {
		t.Errorf("second DELETE = %d, want 404", rec.Code)
	}
}

func TestListTasks(t *testing.T) {
	s, h := newTestServer(t)
	s.Create("one")
	s.Create("two")
	rec := do(t, h, http.MethodGet, "/tasks", "")
	var got []store.Task
	if err := json.NewDecoder(rec.Body).Decode(&got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(got) != 2 || got[0].Title != "one" || got[1].Title != "two" {
		t.Errorf("GET /tasks = %+v", got)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
}
