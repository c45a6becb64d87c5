package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/http"
	"github.com/argmap/argmap/internal/neo4j"
)

// runServe wires the store, the GraphQL handler and the HTTP server from
// the configuration, and serves until ctx ends; then the server shuts down
// gracefully (in-flight requests finish) and the driver closes.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadServeConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	logger := http.NewLogger(stderr, cfg.LogFormat, cfg.LogLevel)
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
	// The migrations end before the database closes: a shutdown while they
	// run (a quick stop, or Neo4j slow to apply them) cancels them and
	// waits, so no statement runs on a closed driver.
	migrateCtx, stopMigrate := context.WithCancel(ctx)
	migrated := make(chan struct{})
	go func() {
		defer close(migrated)
		db.MigrateInBackground(migrateCtx, 2*time.Second)
	}()
	defer func() {
		stopMigrate()
		<-migrated
	}()

	m := http.NewMetrics(db)
	cfg.GraphQL.Observer = m
	srv := &http.Server{
		Logger:            logger,
		Metrics:           m,
		Health:            db,
		GraphQL:           graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, cfg.GraphQL, logger),
		Export:            db,
		Tokens:            cfg.GraphQL.Tokens,
		ReadRequiresToken: cfg.GraphQL.ReadRequiresToken,
		RequestTimeout:    cfg.RequestTimeout,
		BodyTimeout:       cfg.BodyTimeout,
	}
	if cfg.RateLimit > 0 {
		srv.RateLimit = http.NewRateLimiter(cfg.RateLimit, cfg.RateBurst)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set ARGMAP_ADDR or -addr to another address): %w", cfg.Addr, err)
	}
	if cfg.MaxConnsPerClient > 0 {
		ln = http.NewConnLimiter(ln, cfg.MaxConnsPerClient, m.ConnRefused)
	}
	base := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "argmap serving on %s\n  playground: %s/\n  graphql:    %s/graphql\n  neo4j:      %s (database %q)\n",
		base, base, base, cfg.Neo4j.URI, cfg.Neo4j.Database)
	logger.Info("serving", "addr", ln.Addr().String(), "neo4j", cfg.Neo4j.URI, "tokens", cfg.GraphQL.Tokens.Len(), "read_requires_token", cfg.GraphQL.ReadRequiresToken)
	if cfg.GraphQL.Tokens.Len() == 0 {
		logger.Warn("no token configured: mutations are refused (set ARGMAP_WRITE_TOKEN or ARGMAP_TOKEN_FILE)")
	}

	return srv.Serve(ctx, ln)
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
