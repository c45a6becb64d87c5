package main

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	xrate "golang.org/x/time/rate"

	"github.com/argmap/argmap/internal/argmap"
)

// rateLimiter gives every client (by remote IP) a token bucket
// (golang.org/x/time/rate): rate requests per second on average, bursts of
// up to burst. A client over its budget gets 429 with Retry-After, so one
// researcher's script cannot starve the others. Idle buckets are dropped,
// so memory stays bounded by the clients of the last minute.
type rateLimiter struct {
	rate  xrate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

// client is one client's bucket and when it was last used (for the sweep).
type client struct {
	bucket *xrate.Limiter
	last   time.Time
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{rate: xrate.Limit(perSecond), burst: max(burst, 1), now: time.Now, clients: map[string]*client{}}
}

// allow takes a token from client's bucket, or says how long to wait.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.last) > time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{bucket: xrate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.last = now
	if c.bucket.AllowN(now, 1) {
		return true, 0
	}
	return false, time.Duration((1 - c.bucket.TokensAt(now)) / float64(l.rate) * float64(time.Second))
}

// limit wraps next with the limiter; probes and metrics are not limited.
// It runs inside withRequest, so a refusal has a request id, an access log
// line and its count in argmap_http_requests_total like any other answer.
func (l *rateLimiter) limit(errs *httpErrors, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz", "/readyz", "/metrics":
			next.ServeHTTP(w, r)
			return
		}
		key, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			key = r.RemoteAddr
		}
		if ok, wait := l.allow(key); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			errs.Error(w, r, argmap.Errorf(argmap.ERATELIMITED, "Too many requests from this address: wait and try again."))
			return
		}
		next.ServeHTTP(w, r)
	})
}
