package http

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := NewRateLimiter(2, 3) // 2 per second, bursts of 3
	l.now = func() time.Time { return now }
	h := l.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }),
		(&Server{Logger: slog.New(slog.DiscardHandler)}).Error)
	get := func(path, addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := 0; i < 3; i++ {
		if code := get("/graphql", "10.0.0.1:5000").Code; code != http.StatusOK {
			t.Fatalf("request %d of the burst: %d", i, code)
		}
	}
	rec := get("/graphql", "10.0.0.1:5001")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("over the burst: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if code := get("/graphql", "10.0.0.2:5000").Code; code != http.StatusOK {
		t.Errorf("another client was limited: %d", code)
	}
	if code := get("/healthz", "10.0.0.1:5000").Code; code != http.StatusOK {
		t.Errorf("probes are limited: %d", code)
	}
	now = now.Add(500 * time.Millisecond) // one token back
	if code := get("/graphql", "10.0.0.1:5000").Code; code != http.StatusOK {
		t.Errorf("after the refill: %d", code)
	}
	if code := get("/graphql", "10.0.0.1:5000").Code; code != http.StatusTooManyRequests {
		t.Errorf("the refill gave more than one token: %d", code)
	}
	// Idle clients are forgotten after a minute.
	now = now.Add(2 * time.Minute)
	get("/graphql", "10.0.0.3:5000")
	if _, ok := l.clients["10.0.0.1"]; ok {
		t.Error("an idle client's bucket was kept")
	}
}
