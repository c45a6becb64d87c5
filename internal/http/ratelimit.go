package http

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/argmap/argmap/internal/argmap"
)

// RateLimiter gives every client (by remote IP) a token bucket
// (golang.org/x/time/rate): rate requests per second on average, bursts of
// up to burst. A client over its budget gets 429 with Retry-After, so one
// researcher's script cannot starve the others. Idle buckets are dropped,
// so memory stays bounded by the clients of the last minute.
type RateLimiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

// client is one client's bucket and when it was last used (for the sweep).
type client struct {
	bucket *rate.Limiter
	last   time.Time
}

// NewRateLimiter returns a limit of perSecond requests per second on
// average and bursts of burst, for each client.
func NewRateLimiter(perSecond float64, burst int) *RateLimiter {
	return &RateLimiter{rate: rate.Limit(perSecond), burst: max(burst, 1), now: time.Now, clients: map[string]*client{}}
}

// allow takes a token from client's bucket, or says how long to wait.
func (l *RateLimiter) allow(key string) (bool, time.Duration) {
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
		c = &client{bucket: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.last = now
	if c.bucket.AllowN(now, 1) {
		return true, 0
	}
	return false, time.Duration((1 - c.bucket.TokensAt(now)) / float64(l.rate) * float64(time.Second))
}

// limit wraps next with the limiter; probes and metrics are not limited.
// Server.Handler puts it inside withRequest, so a refusal has a request
// id, an access log line and its count in argmap_http_requests_total like
// any other answer; refuse (Server.Error) answers it.
func (l *RateLimiter) limit(next http.Handler, refuse func(http.ResponseWriter, *http.Request, error)) http.Handler {
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
			refuse(w, r, argmap.Errorf(argmap.ERATELIMITED, "Too many requests from this address: wait and try again."))
			return
		}
		next.ServeHTTP(w, r)
	})
}
