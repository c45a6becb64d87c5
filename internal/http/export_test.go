package http

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

const seedFile = "../../data/seed/syria-anti-isis-gamble.yaml"

// failingWriter is a client that goes away after the first part of a
// response: the first Write succeeds, the later ones fail.
type failingWriter struct {
	*httptest.ResponseRecorder
	writes int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > 1 {
		return 0, errors.New("write tcp 127.0.0.1:8080->127.0.0.1:51234: broken pipe")
	}
	return w.ResponseRecorder.Write(p)
}

// TestExportHandler_Streams: the real export handler over Neo4j writes the
// export as it goes, headers before the first byte; when a write fails
// after that, it logs the failure with the request id, counts it, and
// aborts the response (http.ErrAbortHandler: net/http closes the
// connection without ending the body) instead of appending an error to a
// body whose status is already sent. The access log still has the request.
func TestExportHandler_Streams(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	seed, err := mapfile.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMap(t.Context(), seed, nil); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	logger := NewLogger(&logs, "text", slog.LevelInfo)
	m := NewMetrics(db)
	h := (&Server{Logger: logger, Metrics: m, Health: db, GraphQL: http.NotFoundHandler(), Export: db, RequestTimeout: 30 * time.Second}).Handler()

	req := httptest.NewRequest(http.MethodGet, "/export/graphml?layer=arguments", nil)
	req.Header.Set("X-Request-Id", "export-cut")
	w := &failingWriter{ResponseRecorder: httptest.NewRecorder()}
	func() {
		defer func() {
			p := recover()
			if err, _ := p.(error); !errors.Is(err, http.ErrAbortHandler) {
				t.Errorf("panic %v, want http.ErrAbortHandler", p)
			}
		}()
		h.ServeHTTP(w, req)
	}()
	body := w.Body.String()
	if w.writes != 2 || !strings.HasPrefix(body, "<?xml") || len(body) > 4096 {
		t.Errorf("%d writes, first %d bytes: want the export in pieces, the first at most 4 kB", w.writes, len(body))
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/graphml+xml" {
		t.Errorf("Content-Type %q, want the export's", ct)
	}
	if strings.Contains(body, `"errors"`) {
		t.Errorf("an error was appended to the export: %.300s", body)
	}
	var failure, access bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") && strings.Contains(line, "export failed after its first byte") &&
			strings.Contains(line, "broken pipe") && strings.Contains(line, "request_id=export-cut") {
			failure = true
		}
		if strings.Contains(line, `msg="http request"`) && strings.Contains(line, "aborted=true") && strings.Contains(line, "request_id=export-cut") {
			access = true
		}
	}
	if !failure || !access {
		t.Errorf("failure logged %v, access log line %v:\n%s", failure, access, logs.String())
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := `argmap_http_errors_total{code="INTERNAL"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}
