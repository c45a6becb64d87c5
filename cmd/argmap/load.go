package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
)

// runLoad writes map files into Neo4j, each file in one transaction. A file
// with any problem is rejected whole, with every problem listed, and the
// graph keeps what it had.
func runLoad(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: argmap load [flags] FILE...\n\nLoads map files (docs/map-format.md) into Neo4j, each atomically. Flags:")
		fs.PrintDefaults()
	}
	var cfg neo4j.Config
	var ifEmpty bool
	var wait time.Duration
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &cfg)
	fs.BoolVar(&ifEmpty, "if-empty", false, "load only when the database holds no document (make run uses this for the seed map)")
	fs.DurationVar(&wait, "wait", 0, "wait this long for Neo4j to answer before giving up")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return errors.New("load: no map file given")
	}
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if err := waitForNeo4j(ctx, db, wait); err != nil {
		return fmt.Errorf("load: %s", neo4j.OperatorHint(err))
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("load: preparing the schema: %w", err)
	}
	if ifEmpty {
		n, err := db.DocumentCount(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "argmap load: the database already holds %d document(s); nothing loaded (-if-empty)\n", n)
			return nil
		}
	}

	failed := 0
	for _, path := range files {
		if err := loadFile(ctx, db, path, stdout); err != nil {
			failed++
			fmt.Fprintf(stderr, "argmap load: %s rejected, nothing of it written:\n%s\n", path, indent(loadErrorText(err)))
		}
	}
	if failed > 0 {
		return fmt.Errorf("load: %d of %d file(s) rejected", failed, len(files))
	}
	stats, err := db.GraphStats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "graph now holds %d nodes and %d relationships\n", stats.TotalNodes(), stats.TotalRelationships())
	return nil
}

func loadFile(ctx context.Context, db *neo4j.DB, path string, stdout io.Writer) error {
	start := time.Now()
	m, err := mapfile.ReadFile(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: document %q, %d actors, %d claims, %d links, %d relations\n",
		path, m.Document.ID, len(m.Actors), len(m.Claims), len(m.Links), len(m.Relations))
	last := ""
	summary, err := db.ImportMap(ctx, m, func(stage string, done, total int) {
		if stage != last {
			fmt.Fprintf(stdout, "  [%d/%d] %s\n", done, total, stage)
			last = stage
		}
	})
	if err != nil {
		return err
	}
	verb := "loaded"
	if summary.Replaced {
		verb = "replaced"
	}
	fmt.Fprintf(stdout, "%s: %s in %s\n  nodes:         %s\n  relationships: %s\n", path, verb,
		time.Since(start).Round(time.Millisecond), countsText(summary.Nodes), countsText(summary.Relationships))
	return nil
}

func countsText(cs []argmap.Count) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %d", c.Kind, c.Count))
	}
	return strings.Join(parts, ", ")
}

// loadErrorText is what a researcher needs to fix a file: every problem for
// a validation error, the client-safe message otherwise.
func loadErrorText(err error) string {
	var ve *argmap.ValidationError
	if errors.As(err, &ve) {
		return ve.Error()
	}
	if argmap.ErrorCode(err) == argmap.EUNAVAILABLE {
		return argmap.ErrorMessage(err) + " (" + neo4j.OperatorHint(err) + ")"
	}
	if argmap.ErrorCode(err) == argmap.EINTERNAL {
		return err.Error()
	}
	return argmap.ErrorMessage(err)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// waitForNeo4j pings until Neo4j answers or wait has passed.
func waitForNeo4j(ctx context.Context, db *neo4j.DB, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		attemptCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := db.Ping(attemptCtx)
		cancel()
		if err == nil || neo4j.IsAuthError(err) || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
