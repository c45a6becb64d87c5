package export

import (
	"context"
	"io"
	"maps"

	"github.com/argmap/argmap/internal/aif"
	"github.com/argmap/argmap/internal/argmap"
)

// Request says what to export.
type Request struct {
	Format    string   // argdown, graphml, csv
	Layer     string   // actors or arguments (graphml, csv)
	Table     string   // nodes or edges (csv)
	Documents []string // none: every document
}

// Store is what Write reads: the maps, and the ids of all documents.
type Store interface {
	argmap.MapService
	Documents(ctx context.Context, f argmap.DocumentFilter, page argmap.Page) (*argmap.Connection[*argmap.Document], error)
}

// Write writes the stored maps of the requested documents in a format of
// All: "argmap export" and GET /export/{format} both call it. Everything it
// checks and loads comes before its first byte, so an error that is not a
// write error leaves w untouched. The maps are held in memory whole (the
// formats merge and sort them); the text is not.
func Write(ctx context.Context, store Store, req Request, w io.Writer) error {
	f, ok := All[req.Format]
	if !ok {
		return argmap.FieldErrorf(argmap.EINVALID, "format", "Unknown export format %q: use aif, argdown, graphml or csv.", req.Format)
	}
	var layer Layer
	if f.Layered {
		var err error
		if layer, err = ParseLayer(req.Layer); err != nil {
			return argmap.FieldErrorf(argmap.EINVALID, "layer", "Give the layer to export: actors or arguments.")
		}
	}
	ids := req.Documents
	if len(ids) == 0 {
		after := ""
		for {
			page, err := store.Documents(ctx, argmap.DocumentFilter{}, argmap.Page{First: argmap.MaxPageSize, After: after})
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
		m, err := store.DocumentMap(ctx, id)
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
		return Argdown(w, ms)
	case "graphml":
		return GraphML(w, ms, layer)
	default: // csv: one table per call
		switch req.Table {
		case "nodes":
			return CSV(w, io.Discard, ms, layer)
		case "edges":
			return CSV(io.Discard, w, ms, layer)
		}
		return argmap.FieldErrorf(argmap.EINVALID, "table", "Give the CSV table to export: nodes or edges.")
	}
}

// All are the formats Write takes: Formats plus AIF (internal/aif).
var All = func() map[string]Format {
	fs := maps.Clone(Formats)
	fs["aif"] = Format{Name: "aif", Ext: ".json", ContentType: "application/json"}
	return fs
}()
