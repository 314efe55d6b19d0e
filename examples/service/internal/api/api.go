// Package api exposes the task store over HTTP/JSON.
package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"example.com/service/internal/store"
)

const maxTitleLen = 200

// Server holds the HTTP handlers' dependencies.
type Server struct {
	store *store.Store
	log   *slog.Logger
}

// New returns a Server backed by s.
func New(s *store.Store, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{store: s, log: log}
}

// Routes returns the service's HTTP handler.
func (srv *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", srv.health)
	mux.HandleFunc("GET /tasks", srv.listTasks)
	mux.HandleFunc("POST /tasks", srv.createTask)
	mux.HandleFunc("GET /tasks/{id}", srv.getTask)
	mux.HandleFunc("PATCH /tasks/{id}", srv.updateTask)
	mux.HandleFunc("DELETE /tasks/{id}", srv.deleteTask)
	return mux
}

type createRequest struct {
	Title string `json:"title"`
}

type updateRequest struct {
	Done *bool `json:"done"`
}

type errorResponse struct {
	Error string `json:"error"`
}

func (srv *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (srv *Server) listTasks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, srv.store.List())
}

func (srv *Server) createTask(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if req.Title == "" {
		writeError(w, http.StatusBadRequest, "title is required")
		return
	}
	title := strings.TrimSpace(req.Title)
	if len(title) > maxTitleLen {
		writeError(w, http.StatusBadRequest, "title is too long")
		return
	}
	task := srv.store.Create(title)
	srv.log.Info("task created", "id", task.ID)
	w.Header().Set("Location", "/tasks/"+strconv.FormatInt(task.ID, 10))
	writeJSON(w, http.StatusCreated, task)
}

func (srv *Server) getTask(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	task, err := srv.store.Get(id)
	if err != nil {
		srv.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, task)
}

func (srv *Server) updateTask(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req updateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Done == nil {
		writeError(w, http.StatusBadRequest, `body must be {"done": true|false}`)
		return
	}
	task, err := srv.store.SetDone(id, *req.Done)
	if err != nil {
		srv.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, task)
}

func (srv *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := srv.store.Delete(id); err != nil {
		srv.storeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (srv *Server) storeError(w http.ResponseWriter, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "task not found")
		return
	}
	srv.log.Error("store failure", "err", err)
	writeError(w, http.StatusInternalServerError, "internal error")
}

func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "id must be a positive integer")
		return 0, false
	}
	return id, true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorResponse{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
