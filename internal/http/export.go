package http

import (
	"fmt"
	"io"
	"net/http"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/export"
)

// handleExport serves GET /export/{format}?document=…&layer=…&table=…
// (export.Write). The caller must be allowed to read when reads need a
// token.
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
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	if s.ReadRequiresToken {
		if err := argmap.CallerFrom(r.Context()).Require(argmap.RoleRead, "Exporting"); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	q := r.URL.Query()
	req := export.Request{Format: r.PathValue("format"), Layer: q.Get("layer"), Table: q.Get("table"), Documents: q["document"]}
	f := export.All[req.Format]
	sw := &startWriter{w: w, start: func() {
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="argmap%s"`, f.Ext))
	}}
	if err := export.Write(r.Context(), s.Export, req, sw); err != nil {
		if !sw.started {
			s.Error(w, r, err)
			return
		}
		s.abort(r, "export failed after its first byte", err)
	}
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
