package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/playground"
)

// validRequestID accepts a caller's X-Request-Id only when it is short and
// plain, so it can be logged and echoed safely.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequest gives every request an id (the caller's X-Request-Id or a new
// one), a deadline, a deadline on reading its body, and one access log line.
func withRequest(logger *slog.Logger, m *Metrics, timeout, bodyTimeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limitBodyRead(w, r, bodyTimeout)
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx, cancel := context.WithTimeout(argmap.NewContextWithRequestID(r.Context(), id), timeout)
		defer cancel()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		// Deferred, so that a response cut off by a panic (an export
		// aborted after its first byte) is counted and logged too.
		defer func() {
			p := recover()
			m.observe(routeOf(r), rec.status, time.Since(start))
			attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", rec.status), slog.Duration("duration", time.Since(start))}
			if p != nil {
				attrs = append(attrs, slog.Bool("aborted", true))
			}
			logger.LogAttrs(ctx, slog.LevelInfo, "http request", attrs...)
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// routeOf is the route label of a request: the known paths, and "other" for
// anything else, so that clients cannot grow the metrics' label set.
func routeOf(r *http.Request) string {
	switch p := r.URL.Path; {
	case p == "/graphql", p == "/healthz", p == "/readyz", p == "/metrics", p == "/":
		return p
	case strings.HasPrefix(p, "/export/"):
		return "/export"
	case strings.HasPrefix(p, playground.AssetPrefix):
		return playground.AssetPrefix
	}
	return "other"
}

// limitBodyRead bounds the time a request's body may take to arrive, so
// that a client that sends its headers and then trickles the body (a
// slowloris) loses its connection after bodyTimeout instead of holding it
// for as long as it likes (http.Server.ReadHeaderTimeout covers only the
// headers). The deadline is lifted as soon as the body has been read:
// net/http's background read, which watches for the client going away,
// cancels the request's context when a read deadline passes, and a long
// query must not be cancelled by it. http.Server.ReadTimeout would do the
// first half and not the second.
func limitBodyRead(w http.ResponseWriter, r *http.Request, bodyTimeout time.Duration) {
	if bodyTimeout <= 0 || r.Body == nil || r.Body == http.NoBody {
		return
	}
	rc := http.NewResponseController(w)
	if rc.SetReadDeadline(time.Now().Add(bodyTimeout)) != nil {
		return
	}
	r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
}

// deadlineBody lifts the read deadline when the body has been read whole.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	done bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.done {
		b.done = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
