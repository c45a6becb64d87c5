package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/argmap/argmap/internal/neo4j"
)

// runPing waits until Neo4j answers RETURN 1 over Bolt with the configured
// credentials. Scripts use it to know when a freshly started Neo4j is usable.
func runPing(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ping", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg neo4j.Config
	var timeout time.Duration
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &cfg)
	fs.DurationVar(&timeout, "timeout", 0, "keep trying this long (0: try once)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	cfg.AcquireTimeout = 2 * time.Second
	cfg.RetryTime = time.Second
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))

	if err := waitForNeo4j(ctx, db, timeout); err != nil {
		return fmt.Errorf("neo4j at %s: %s", cfg.URI, neo4j.OperatorHint(err))
	}
	fmt.Fprintf(stdout, "neo4j answers at %s\n", cfg.URI)
	return nil
}
