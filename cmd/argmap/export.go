package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
	"github.com/argmap/argmap/internal/neo4j"
)

// runExport is "argmap export": it writes to stdout or a file.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg neo4j.Config
	var req export.Request
	var docs, out string
	e := &envFlags{fs: fs, getenv: getenv}
	bindNeo4j(e, &cfg)
	fs.StringVar(&req.Format, "format", "argdown", "aif, argdown, graphml or csv")
	fs.StringVar(&req.Layer, "layer", "arguments", "graphml and csv: actors (the actor network) or arguments (the argument graph)")
	fs.StringVar(&req.Table, "table", "nodes", "csv: nodes or edges")
	fs.StringVar(&docs, "documents", "", "comma-separated document ids (default: every document)")
	fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(e.errs) > 0 {
		return e.errs[0]
	}
	if docs != "" {
		req.Documents = strings.Split(docs, ",")
	}
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if out == "" {
		bw := bufio.NewWriterSize(stdout, exportBuffer)
		if err := export.Write(ctx, db, req, bw); err != nil {
			return exportError(err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("export: writing to standard output: %w", err)
		}
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// The last write only reaches the file at Flush, and some file systems
	// (NFS, quotas) report a failed write only at Close: both are checked,
	// so an export that did not reach the disk whole never reports success.
	bw := bufio.NewWriterSize(f, exportBuffer)
	err = export.Write(ctx, db, req, bw)
	if err != nil && argmap.ErrorCode(err) != argmap.EINTERNAL {
		_ = f.Close() // the export failed: its error is the one to report
		return exportError(err)
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: %s is incomplete: %w", out, err)
	}
	return nil
}

// exportBuffer is the buffer between an export and its file or standard
// output: large enough that a small export is one write.
const exportBuffer = 64 << 10

// exportError is what "argmap export" says of a failed export: the message
// of an argmap error (with the operator's hint for UNAVAILABLE), or the
// error itself (a write error names the file and the cause).
func exportError(err error) error {
	switch argmap.ErrorCode(err) {
	case argmap.EUNAVAILABLE:
		return fmt.Errorf("export: %s", neo4j.OperatorHint(err))
	case argmap.EINTERNAL:
		return fmt.Errorf("export: %w", err)
	}
	return fmt.Errorf("export: %s", argmap.ErrorMessage(err))
}
