package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/argmap/argmap/internal/aif"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
)

// runImport is "argmap import": it writes AIF files into Neo4j, each file
// in one transaction, like "argmap load" does for map files.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg neo4j.Config
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: give one or more AIF JSON files")
	}
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("import: %s", neo4j.OperatorHint(err))
	}
	failed := 0
	for _, path := range fs.Args() {
		if err := importAIFFile(ctx, db, path, stdout); err != nil {
			failed++
			fmt.Fprintf(stderr, "argmap import: %s rejected, nothing of it written:\n%s\n", path, indent(loadErrorText(err)))
		}
	}
	if failed > 0 {
		return fmt.Errorf("import: %d of %d file(s) rejected", failed, fs.NArg())
	}
	return nil
}

func importAIFFile(ctx context.Context, db *neo4j.DB, path string, stdout io.Writer) error {
	b, err := mapfile.ReadFileLimited(path, aif.MaxInputBytes)
	if err != nil {
		return err
	}
	m, report, err := aif.ImportReport(b)
	if err != nil {
		return err
	}
	summary, err := db.ImportMap(ctx, m, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: document %q, %d claims, %d links, %d actors, %d relations (argmap extension: %v)\n  nodes:         %s\n  relationships: %s\n",
		path, m.Document.ID, len(m.Claims), len(m.Links), len(m.Actors), len(m.Relations), report.Extension,
		countsText(summary.Nodes), countsText(summary.Relationships))
	for t, n := range report.IgnoredNodes {
		fmt.Fprintf(stdout, "  ignored %d AIF %s node(s)\n", n, t)
	}
	return nil
}
