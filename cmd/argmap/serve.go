package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/neo4j"
)

// runServe starts the API and blocks until ctx ends, then shuts down
// gracefully: in-flight requests finish, then the driver closes.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadServeConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if cfg.MemoryLimitMiB > 0 {
		debug.SetMemoryLimit(int64(cfg.MemoryLimitMiB) << 20)
	}

	db, err := neo4j.Open(cfg.Neo4j, logger)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))

	// Migrations retry in the background: the API starts, and reports
	// UNAVAILABLE, while Neo4j is still down.
	migrateCtx, stopMigrate := context.WithCancel(ctx)
	defer stopMigrate()
	go db.MigrateInBackground(migrateCtx, 2*time.Second)

	m := newMetrics(db)
	cfg.GraphQL.Observer = m
	gql := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, cfg.GraphQL, logger)
	var limiter *rateLimiter
	if cfg.RateLimit > 0 {
		limiter = newRateLimiter(cfg.RateLimit, cfg.RateBurst)
	}
	errs := &httpErrors{logger: logger, metrics: m}
	handler := newServer(logger, errs, db, gql, graph.WithCaller(cfg.GraphQL.Tokens, exportHandler(db, cfg.GraphQL.ReadRequiresToken, errs)),
		m, limiter, cfg.RequestTimeout, cfg.BodyTimeout)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set ARGMAP_ADDR or -addr to another address): %w", cfg.Addr, err)
	}
	if cfg.MaxConnsPerClient > 0 {
		ln = newConnLimiter(ln, cfg.MaxConnsPerClient, m.connRefused)
	}
	base := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "argmap serving on %s\n  playground: %s/\n  graphql:    %s/graphql\n  neo4j:      %s (database %q)\n",
		base, base, base, cfg.Neo4j.URI, cfg.Neo4j.Database)
	logger.Info("serving", "addr", ln.Addr().String(), "neo4j", cfg.Neo4j.URI, "tokens", cfg.GraphQL.Tokens.Len(), "read_requires_token", cfg.GraphQL.ReadRequiresToken)
	if cfg.GraphQL.Tokens.Len() == 0 {
		logger.Warn("no token configured: mutations are refused (set ARGMAP_WRITE_TOKEN or ARGMAP_TOKEN_FILE)")
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// displayAddr turns a wildcard listen address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP == nil || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("127.0.0.1:%d", tcp.Port)
		}
		return a.String()
	}
	return tcp.String()
}
