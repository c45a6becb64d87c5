package http

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// TestHTTPError: every code has its status and the one error shape; an
// INTERNAL error is logged in full with the request id, answered with only
// that id, and counted.
func TestHTTPError(t *testing.T) {
	db, err := neo4j.Open(neo4jtest.Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.WithoutCancel(t.Context())) })
	m := NewMetrics(db)
	var logs syncBuffer
	logger := NewLogger(&logs, "text", slog.LevelInfo)
	s := &Server{Logger: logger, Metrics: m}

	tests := []struct {
		err     error
		status  int
		code    string
		message string
	}{
		{argmap.FieldErrorf(argmap.EINVALID, "format", "Unknown export format."), http.StatusBadRequest, "BAD_USER_INPUT", "Unknown export format."},
		{argmap.Errorf(argmap.EUNAUTHENTICATED, "Exporting needs a token."), http.StatusUnauthorized, "UNAUTHENTICATED", "Exporting needs a token."},
		{argmap.Errorf(argmap.EFORBIDDEN, "No."), http.StatusForbidden, "FORBIDDEN", "No."},
		{argmap.Errorf(argmap.ENOTFOUND, "There is no document nope."), http.StatusNotFound, "NOT_FOUND", "There is no document nope."},
		{argmap.Errorf(argmap.ECONFLICT, "Taken."), http.StatusConflict, "CONFLICT", "Taken."},
		{argmap.Errorf(argmap.ERATELIMITED, "Slow down."), http.StatusTooManyRequests, "RATE_LIMITED", "Slow down."},
		{argmap.Errorf(argmap.EUNAVAILABLE, "Neo4j is down."), http.StatusServiceUnavailable, "UNAVAILABLE", "Neo4j is down."},
		{errors.New("open /var/argmap/secret: disk on fire"), http.StatusInternalServerError, "INTERNAL", "Internal error. Quote request id req-"},
	}
	for i, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			h := withRequest(logger, m, time.Second, 0, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s.Error(w, r, tt.err)
			}))
			req := httptest.NewRequest(http.MethodGet, "/export/csv", nil)
			id := "req-" + tt.code
			req.Header.Set("X-Request-Id", id)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var body errorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
				t.Fatalf("body %q is not the one error shape: %v", rec.Body.String(), err)
			}
			e := body.Errors[0]
			if rec.Code != tt.status || e.Extensions["code"] != tt.code || !strings.HasPrefix(e.Message, tt.message) ||
				rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("%d %q %+v, want %d %s %q", rec.Code, rec.Header().Get("Content-Type"), e, tt.status, tt.code, tt.message)
			}
			if i == 0 && e.Extensions["field"] != "format" {
				t.Errorf("extensions %v lack the field", e.Extensions)
			}
			if tt.code == "INTERNAL" {
				if e.Extensions["requestId"] != id || strings.Contains(rec.Body.String(), "disk on fire") {
					t.Errorf("INTERNAL answered %q: want the request id and no detail", rec.Body.String())
				}
				var logged bool
				for _, line := range strings.Split(logs.String(), "\n") {
					if strings.Contains(line, "level=ERROR") && strings.Contains(line, "disk on fire") && strings.Contains(line, "request_id="+id) {
						logged = true
					}
				}
				if !logged {
					t.Errorf("the internal error is not logged with its request id:\n%s", logs.String())
				}
			} else if strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("a %s error was logged as an error:\n%s", tt.code, logs.String())
			}
		})
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	metrics, _ := io.ReadAll(rec.Body)
	for _, want := range []string{`argmap_http_errors_total{code="INTERNAL"} 1`, `argmap_http_errors_total{code="NOT_FOUND"} 1`,
		`argmap_http_requests_total{code="500",route="/export"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
