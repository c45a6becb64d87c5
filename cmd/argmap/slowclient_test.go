package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// slowAttack holds n connections from its own loopback address, each of
// which sends the headers of a POST and then one byte of body every
// trickle, and opens a new one shortly after the server closes it, until
// stop is closed. It counts what the server did with them.
type slowAttack struct {
	opened, refused, timedOut, other atomic.Int64
	mu                               sync.Mutex
	held                             []time.Duration // how long each closed connection lasted
}

func (a *slowAttack) run(addr string, n int, trickle time.Duration, stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: time.Second}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				a.once(d, addr, trickle, stop)
				select {
				case <-stop:
					return
				case <-time.After(250 * time.Millisecond):
				}
			}
		}()
	}
	return &wg
}

// once is one slow connection, from dial to the server's close.
func (a *slowAttack) once(d net.Dialer, addr string, trickle time.Duration, stop <-chan struct{}) {
	c, err := d.Dial("tcp", addr)
	if err != nil {
		a.other.Add(1)
		return
	}
	defer c.Close() //nolint:errcheck // the attack only needs the connection gone
	a.opened.Add(1)
	start := time.Now()
	if _, err := fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", addr); err != nil {
		a.other.Add(1)
		return
	}
	answer := make(chan string, 1)
	go func() {
		// Whatever the server answers (429 from the connection limit, 408
		// from the body deadline) comes before it closes.
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			answer <- "closed: " + err.Error()
			return
		}
		_, _ = io.Copy(io.Discard, res.Body)
		answer <- res.Status
	}()
	tick := time.NewTicker(trickle)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case got := <-answer:
			a.mu.Lock()
			a.held = append(a.held, time.Since(start))
			a.mu.Unlock()
			switch {
			case strings.HasPrefix(got, "429"):
				a.refused.Add(1)
			case strings.HasPrefix(got, "408"):
				a.timedOut.Add(1)
			default:
				a.other.Add(1)
			}
			return
		case <-tick.C:
			_, _ = c.Write([]byte(" "))
		}
	}
}

// latencies sends n small queries one after another, as a researcher's
// script would, and returns their latencies, sorted.
func latencies(tb testing.TB, client *http.Client, base string, n int) []time.Duration {
	tb.Helper()
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		res, err := client.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ graphStats { totalNodes } }"}`))
		if err != nil {
			tb.Fatalf("a legitimate request failed: %v", err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			tb.Fatalf("a legitimate request got %d", res.StatusCode)
		}
		out = append(out, time.Since(start))
	}
	slices.Sort(out)
	return out
}

func p99(sorted []time.Duration) time.Duration { return sorted[len(sorted)*99/100] }

// TestServe_SlowClients is a scaled-down slowloris: 200 connections from
// one address send headers and then trickle their bodies, one byte every
// 200 ms, and reconnect when closed. With a body deadline of 1 s and at
// most 50 connections per client, every such connection must be closed
// (408 after the deadline, or 429 at once over the limit) within the
// deadline plus a margin, and a legitimate client on another address must
// keep its p99 latency within 2× of its p99 without the attack.
func TestServe_SlowClients(t *testing.T) {
	neo4jtest.MustOpen(t)
	env := testEnv(t)
	env["ARGMAP_BODY_TIMEOUT"] = "1s"
	env["ARGMAP_MAX_CONNS_PER_CLIENT"] = "50"
	env["ARGMAP_RATE_LIMIT"] = "0" // latency is measured, not the rate limit
	env["ARGMAP_LOG_LEVEL"] = "warn"
	s := MustServe(t, env)
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)
	addr := strings.TrimPrefix(s.URL, "http://")
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	const queries = 400
	latencies(t, client, s.URL, 50) // warm up: connection, query cache, Neo4j plan cache

	// Two rounds each, alternating, so that other load on the machine
	// weighs on both sides alike; the better round of each side counts.
	var base, under []time.Duration
	var a slowAttack
	for round := 0; round < 2; round++ {
		b := latencies(t, client, s.URL, queries)
		if base == nil || p99(b) < p99(base) {
			base = b
		}
		stop := make(chan struct{})
		wg := a.run(addr, 200, 200*time.Millisecond, stop)
		time.Sleep(1500 * time.Millisecond) // the attack at full strength: slots taken, the first ones timed out
		u := latencies(t, client, s.URL, queries)
		close(stop)
		wg.Wait()
		if under == nil || p99(u) < p99(under) {
			under = u
		}
	}
	a.mu.Lock()
	longest := slices.Max(a.held)
	a.mu.Unlock()
	t.Logf("attack: %d connections opened, %d refused at once (429), %d closed by the body deadline (408), %d other; longest held %s",
		a.opened.Load(), a.refused.Load(), a.timedOut.Load(), a.other.Load(), longest.Round(time.Millisecond))
	t.Logf("legitimate client, %d sequential queries: p50 %s p99 %s without the attack, p50 %s p99 %s under it",
		queries, base[len(base)/2], p99(base), under[len(under)/2], p99(under))
	if a.refused.Load() == 0 || a.timedOut.Load() == 0 {
		t.Error("the attack met neither the connection limit nor the body deadline")
	}
	if a.other.Load() > 0 {
		t.Errorf("%d attack connections ended otherwise than with 429 or 408", a.other.Load())
	}
	if longest > 3*time.Second {
		t.Errorf("a slow connection was held %s; the body deadline is 1 s", longest)
	}
	if p99(under) > 2*p99(base) {
		t.Errorf("p99 under the attack %s is more than twice the p99 without it (%s)", p99(under), p99(base))
	}
}
