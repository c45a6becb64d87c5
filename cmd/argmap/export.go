package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"strings"

	"github.com/argmap/argmap/internal/aif"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
	"github.com/argmap/argmap/internal/neo4j"
)

// exportRequest says what to export.
type exportRequest struct {
	Format    string   // argdown, graphml, csv
	Layer     string   // actors or arguments (graphml, csv)
	Table     string   // nodes or edges (csv)
	Documents []string // none: every document
}

// documentLister is what exports need beyond maps: the ids of all documents.
type documentLister interface {
	Documents(ctx context.Context, f argmap.DocumentFilter, page argmap.Page) (*argmap.Connection[*argmap.Document], error)
}

// writeExport writes the maps of the requested documents in a format. It
// is shared by "argmap export" and GET /export/{format}.
func writeExport(ctx context.Context, maps argmap.MapService, docs documentLister, req exportRequest, w io.Writer) error {
	f, ok := exportFormats[req.Format]
	if !ok {
		return argmap.FieldErrorf(argmap.EINVALID, "format", "Unknown export format %q: use aif, argdown, graphml or csv.", req.Format)
	}
	var layer export.Layer
	if f.Layered {
		var err error
		if layer, err = export.ParseLayer(req.Layer); err != nil {
			return argmap.FieldErrorf(argmap.EINVALID, "layer", "Give the layer to export: actors or arguments.")
		}
	}
	ids := req.Documents
	if len(ids) == 0 {
		after := ""
		for {
			page, err := docs.Documents(ctx, argmap.DocumentFilter{}, argmap.Page{First: argmap.MaxPageSize, After: after})
			if err != nil {
				return err
			}
			for _, e := range page.Edges {
				ids = append(ids, e.Node.ID)
			}
			if !page.HasNextPage {
				break
			}
			after = page.Edges[len(page.Edges)-1].Cursor
		}
	}
	var ms []*argmap.Map
	for _, id := range ids {
		m, err := maps.DocumentMap(ctx, id)
		if err != nil {
			return err
		}
		ms = append(ms, m)
	}
	switch req.Format {
	case "aif":
		// AIF describes one argument map: one document per export.
		if len(ms) != 1 {
			return argmap.FieldErrorf(argmap.EINVALID, "document", "AIF exports one document at a time: name it (found %d).", len(ms))
		}
		b, err := aif.Export(ms[0])
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	case "argdown":
		return export.Argdown(w, ms)
	case "graphml":
		return export.GraphML(w, ms, layer)
	default: // csv: one table per call
		switch req.Table {
		case "nodes":
			return export.CSV(w, io.Discard, ms, layer)
		case "edges":
			return export.CSV(io.Discard, w, ms, layer)
		}
		return argmap.FieldErrorf(argmap.EINVALID, "table", "Give the CSV table to export: nodes or edges.")
	}
}

// exportFormats are the export package's formats plus AIF.
var exportFormats = func() map[string]export.Format {
	fs := maps.Clone(export.Formats)
	fs["aif"] = export.Format{Name: "aif", Ext: ".json", ContentType: "application/json"}
	return fs
}()

// runExport is "argmap export": it writes to stdout or a file.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg neo4j.Config
	var req exportRequest
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
		if err := writeExport(ctx, db, db, req, bw); err != nil {
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
	err = writeExport(ctx, db, db, req, bw)
	if err != nil && argmap.ErrorCode(err) != argmap.EINTERNAL {
		f.Close()
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

// exportHandler serves GET /export/{format}?document=…&layer=…&table=….
// The caller must be allowed to read.
//
// The export is streamed: it goes to the client as it is written, so the
// server holds no copy of it. An error found before the first byte (a bad
// format, an unknown document, Neo4j down: everything that is checked and
// loaded before writing starts) is answered with its status and the JSON
// error. One after the first byte (the client went away, a write failed)
// cannot change the status any more: it is logged and the connection is
// closed without finishing the body, so the client sees a broken transfer
// (a chunked body without its last chunk, or a reset HTTP/2 stream: curl
// exits with 18, Go's client reads io.ErrUnexpectedEOF) rather than a file
// that looks complete.
func exportHandler(db interface {
	argmap.MapService
	documentLister
}, readRequiresToken bool, errs *httpErrors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if readRequiresToken {
			if err := argmap.CallerFrom(r.Context()).Require(argmap.RoleRead, "Exporting"); err != nil {
				errs.Error(w, r, err)
				return
			}
		}
		q := r.URL.Query()
		req := exportRequest{Format: r.PathValue("format"), Layer: q.Get("layer"), Table: q.Get("table"), Documents: q["document"]}
		f := exportFormats[req.Format]
		sw := &startWriter{w: w, start: func() {
			w.Header().Set("Content-Type", f.ContentType)
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="argmap%s"`, f.Ext))
		}}
		if err := writeExport(r.Context(), db, db, req, sw); err != nil {
			if !sw.started {
				errs.Error(w, r, err)
				return
			}
			errs.Abort(r, "export failed after its first byte", err)
		}
	})
}

// startWriter calls start before the first byte it passes on, so headers
// are only set once there is something to send.
type startWriter struct {
	w       io.Writer
	start   func()
	started bool
}

func (s *startWriter) Write(p []byte) (int, error) {
	if !s.started && len(p) > 0 {
		s.started = true
		s.start()
	}
	return s.w.Write(p)
}
