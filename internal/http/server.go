// Package http is Argmap's HTTP surface: the routes of "argmap serve"
// (GraphQL, export, health, metrics, playground), the request middleware
// (request ids, deadlines, access log, request metrics), the per-client
// rate and connection limits, and the one Error that answers every error
// outside GraphQL. The GraphQL handler itself comes from package graph;
// cmd/argmap only configures and wires a Server.
package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
	"github.com/argmap/argmap/internal/playground"
)

// Server is the HTTP side of "argmap serve". Set its fields, then call
// Handler or Serve.
type Server struct {
	Logger  *slog.Logger
	Metrics *Metrics
	// Health answers /readyz.
	Health argmap.HealthChecker
	// GraphQL serves /graphql (graph.NewHandler).
	GraphQL http.Handler
	// Export is the store GET /export/{format} reads.
	Export export.Store
	// Tokens and ReadRequiresToken decide who may export.
	Tokens            *argmap.Tokens
	ReadRequiresToken bool
	// RateLimit, when set, limits each client's requests.
	RateLimit *RateLimiter
	// RequestTimeout is every request's deadline; BodyTimeout the deadline
	// on reading a request's body (0: none).
	RequestTimeout time.Duration
	BodyTimeout    time.Duration
}

// Handler returns the handler of every route, in one place, wrapped in
// request ids, deadlines and access logs, then the rate limit, so that a
// refusal is logged and counted too.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", s.GraphQL)
	mux.Handle("GET /export/{format}", graph.WithBookmarkHeader(graph.WithCaller(s.Tokens, http.HandlerFunc(s.handleExport))))
	mux.Handle("GET /metrics", s.Metrics.Handler())
	// The playground is served from the binary: it works on closed networks.
	ph := playground.Handler()
	mux.Handle("GET /{$}", ph)
	mux.Handle("GET "+playground.AssetPrefix, ph)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.handleReady)
	var h http.Handler = mux
	if s.RateLimit != nil {
		h = s.RateLimit.limit(mux, s.Error)
	}
	return withRequest(s.Logger, s.Metrics, s.RequestTimeout, s.BodyTimeout, h)
}

// handleReady answers 200 when Neo4j answers and the schema is migrated,
// and the error (UNAVAILABLE, 503) that says why not otherwise.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.Health.Ready(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// Serve serves Handler on ln until ctx ends, then shuts down gracefully:
// in-flight requests have up to 15 s to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
