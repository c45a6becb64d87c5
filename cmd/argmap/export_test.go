package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

func TestExport(t *testing.T) {
	neo4jtest.MustOpen(t)
	if _, errOut, err := runLoadCmd(t, seedFile); err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	env := testEnv(t)
	var out, errOut strings.Builder
	if err := run(t.Context(), []string{"export", "-format", "argdown"}, func(k string) string { return env[k] }, &out, &errOut); err != nil {
		t.Fatalf("export: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "[thesis]:") || !strings.Contains(out.String(), "#thesis") {
		t.Errorf("argdown export lacks the thesis:\n%.500s", out.String())
	}

	// To a file: the same bytes. To a full disk: an error naming the file
	// and the cause. The seed's Argdown (about 10 kB) fits in the export's
	// buffer, so the only write that fails is the last one, at Flush.
	file := filepath.Join(t.TempDir(), "seed.argdown")
	if err := run(t.Context(), []string{"export", "-format", "argdown", "-o", file}, func(k string) string { return env[k] }, io.Discard, io.Discard); err != nil {
		t.Fatalf("export -o: %v", err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != out.String() {
		t.Errorf("export -o wrote %d bytes (%v), standard output had %d", len(b), err, out.Len())
	}
	err := run(t.Context(), []string{"export", "-format", "argdown", "-o", "/dev/full"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/dev/full is incomplete") || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("export -o /dev/full: %v, want the file and the cause", err)
	}

	s := MustServe(t, env)
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)
	tests := []struct {
		path        string
		status      int
		contentType string
		contains    string
		code        string
	}{
		{"/export/graphml?layer=actors", http.StatusOK, "application/graphml+xml", "<graphml", ""},
		{"/export/csv?layer=arguments&table=edges", http.StatusOK, "text/csv", "source,target,id,type", ""},
		{"/export/argdown?document=syria-anti-isis-gamble", http.StatusOK, "text/plain", "[thesis]:", ""},
		{"/export/csv?layer=actors", http.StatusBadRequest, "application/json", "nodes or edges", "BAD_USER_INPUT"},
		{"/export/pdf", http.StatusBadRequest, "application/json", "Unknown export format", "BAD_USER_INPUT"},
		{"/export/argdown?document=nope", http.StatusNotFound, "application/json", "no document", "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(s.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.contentType) || !strings.Contains(string(b), tt.contains) {
				t.Errorf("status %d, type %q, body %.300s", res.StatusCode, res.Header.Get("Content-Type"), b)
			}
			if tt.status != http.StatusOK {
				var e errorResponse
				if err := json.Unmarshal(b, &e); err != nil || len(e.Errors) != 1 || e.Errors[0].Extensions["code"] != tt.code {
					t.Errorf("error body %q is not one error with code %s", b, tt.code)
				}
			}
		})
	}
}

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
	neo4jtest.MustOpen(t)
	if _, errOut, err := runLoadCmd(t, seedFile); err != nil {
		t.Fatalf("load: %v\n%s", err, errOut)
	}
	db, err := neo4j.Open(neo4jtest.Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.WithoutCancel(t.Context())) })
	var logs syncBuffer
	logger := newLogger(&logs, "text", slog.LevelInfo)
	m := newMetrics(db)
	errs := &httpErrors{logger: logger, metrics: m}
	mux := http.NewServeMux()
	mux.Handle("GET /export/{format}", exportHandler(db, false, errs))
	h := withRequest(logger, m, 30*time.Second, 0, mux)

	req := httptest.NewRequest(http.MethodGet, "/export/graphml?layer=arguments", nil)
	req.Header.Set("X-Request-Id", "export-cut")
	w := &failingWriter{ResponseRecorder: httptest.NewRecorder()}
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
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
	m.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := `argmap_http_errors_total{code="INTERNAL"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}
