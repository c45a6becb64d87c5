package main

import (
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
	w := stdout
	var f *os.File
	if out != "" {
		if f, err = os.Create(out); err != nil {
			return err
		}
		defer f.Close() //nolint:errcheck // for the error returns only: after a written export, Close is checked below
		w = f
	}
	if err := writeExport(ctx, db, db, req, w); err != nil {
		if argmap.ErrorCode(err) == argmap.EUNAVAILABLE {
			return fmt.Errorf("export: %s", neo4j.OperatorHint(err))
		}
		return fmt.Errorf("export: %s", argmap.ErrorMessage(err))
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// exportHandler serves GET /export/{format}?document=…&layer=…&table=….
// The caller must be allowed to read.
func exportHandler(db interface {
	argmap.MapService
	documentLister
}, readRequiresToken bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if readRequiresToken {
			if err := argmap.CallerFrom(r.Context()).Require(argmap.RoleRead, "Exporting"); err != nil {
				writeJSON(w, http.StatusUnauthorized, map[string]string{"code": argmap.ErrorCode(err), "message": argmap.ErrorMessage(err)})
				return
			}
		}
		q := r.URL.Query()
		req := exportRequest{Format: r.PathValue("format"), Layer: q.Get("layer"), Table: q.Get("table"), Documents: q["document"]}
		f := exportFormats[req.Format]
		// Rendered into memory first: an error must still be able to
		// answer with a status and a JSON body.
		var buf strings.Builder
		if err := writeExport(r.Context(), db, db, req, &buf); err != nil {
			status := http.StatusInternalServerError
			switch argmap.ErrorCode(err) {
			case argmap.EINVALID:
				status = http.StatusBadRequest
			case argmap.ENOTFOUND:
				status = http.StatusNotFound
			case argmap.EUNAVAILABLE:
				status = http.StatusServiceUnavailable
			}
			writeJSON(w, status, map[string]string{"code": argmap.ErrorCode(err), "message": argmap.ErrorMessage(err)})
			return
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="argmap%s"`, f.Ext))
		_, _ = io.WriteString(w, buf.String())
	})
}
