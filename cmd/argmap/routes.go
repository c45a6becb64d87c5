package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/playground"

	"github.com/argmap/argmap/internal/argmap"
)

// newServer returns the HTTP handler of "argmap serve": every route in one
// place, wrapped in request ids, deadlines and access logs.
func newServer(logger *slog.Logger, health argmap.HealthChecker, gql, export http.Handler, m *metrics, requestTimeout time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", gql)
	mux.Handle("GET /export/{format}", graph.WithBookmarkHeader(export))
	mux.Handle("GET /metrics", m.handler())
	// The playground is served from the binary: it works on closed networks.
	ph := playground.Handler()
	mux.Handle("GET /{$}", ph)
	mux.Handle("GET "+playground.AssetPrefix, ph)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := health.Ready(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": argmap.ErrorMessage(err)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	return withRequest(logger, m, requestTimeout, mux)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// validRequestID accepts a caller's X-Request-Id only when it is short and
// plain, so it can be logged and echoed safely.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequest gives every request an id (the caller's X-Request-Id or a new
// one), a deadline, and one access log line.
func withRequest(logger *slog.Logger, m *metrics, timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx, cancel := context.WithTimeout(argmap.NewContextWithRequestID(r.Context(), id), timeout)
		defer cancel()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		m.observe(routeOf(r), rec.status, time.Since(start))
		logger.LogAttrs(ctx, slog.LevelInfo, "http request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// routeOf is the route label of a request: the known paths, and "other" for
// anything else, so that clients cannot grow the metrics' label set.
func routeOf(r *http.Request) string {
	switch p := r.URL.Path; {
	case p == "/graphql", p == "/healthz", p == "/readyz", p == "/metrics", p == "/":
		return p
	case strings.HasPrefix(p, "/export/"):
		return "/export"
	case strings.HasPrefix(p, playground.AssetPrefix):
		return playground.AssetPrefix
	}
	return "other"
}
