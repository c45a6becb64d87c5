package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testEnv is the environment "argmap serve" sees in tests: the test Neo4j,
// a free port, quick failure while the database is down.
func testEnv(tb testing.TB) map[string]string {
	cfg := neo4jtest.Config(tb)
	return map[string]string{
		"ARGMAP_ADDR":           "127.0.0.1:0",
		"NEO4J_URI":             cfg.URI,
		"NEO4J_USER":            cfg.User,
		"NEO4J_PASSWORD":        cfg.Password,
		"NEO4J_ACQUIRE_TIMEOUT": "1s",
		"NEO4J_RETRY_TIME":      "1s",
	}
}

// server is a running "argmap serve" started through run.
type server struct {
	URL    string
	Stderr *syncBuffer
	stop   context.CancelFunc
	done   chan error

	stopOnce sync.Once
	err      error
}

// Stop cancels run's context (as SIGTERM does) and returns run's error.
// It may be called more than once.
func (s *server) Stop(tb testing.TB) error {
	s.stopOnce.Do(func() {
		s.stop()
		select {
		case s.err = <-s.done:
		case <-time.After(30 * time.Second):
			s.err = errors.New("run did not return within 30s of shutdown")
		}
	})
	return s.err
}

var servingLine = regexp.MustCompile(`argmap serving on (http://\S+)`)

// MustServe runs "argmap serve" in-process and waits until it listens.
func MustServe(tb testing.TB, env map[string]string) *server {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	s := &server{Stderr: stderr, stop: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, stdout, stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(stdout.String()); m != nil {
			s.URL = m[1]
			tb.Cleanup(func() {
				if err := s.Stop(tb); err != nil {
					tb.Errorf("stopping argmap serve: %v", err)
				}
			})
			return s
		}
		select {
		case err := <-s.done:
			tb.Fatalf("run returned before serving: %v\nstderr:\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	tb.Fatalf("run did not report its address; stdout %q", stdout.String())
	return nil
}

// errorResponse is the one error shape of the routes outside GraphQL.
type errorResponse struct {
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// probeBody is what /healthz and /readyz answer: a status, or the one
// error shape.
type probeBody struct {
	Status string `json:"status"`
	errorResponse
}

// reason is the message of a refusal.
func (b probeBody) reason() string {
	if len(b.Errors) == 0 {
		return ""
	}
	return b.Errors[0].Message
}

// waitStatus polls path until it answers want, and returns the last body.
func waitStatus(tb testing.TB, url string, want int, within time.Duration) probeBody {
	tb.Helper()
	deadline := time.Now().Add(within)
	var last string
	for {
		res, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			last = string(b)
			if res.StatusCode == want {
				var body probeBody
				_ = json.Unmarshal(b, &body)
				return body
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s did not answer %d within %s; last: %q %v", url, want, within, last, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func postQuery(tb testing.TB, base, query string) gqlResponse {
	tb.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var r gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestServe(t *testing.T) {
	neo4jtest.MustOpen(t) // a clean, migrated test database
	neo4jtest.Run(t, neo4jtest.Driver(t), "CREATE (:Claim {id: 'c1'}), (:Actor {id: 'a1'})", nil)
	s := MustServe(t, testEnv(t))

	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)
	waitStatus(t, s.URL+"/healthz", http.StatusOK, time.Second)

	r := postQuery(t, s.URL, `{ graphStats { totalNodes } }`)
	if len(r.Errors) > 0 || string(r.Data) != `{"graphStats":{"totalNodes":2}}` {
		t.Errorf("graphStats: data %s errors %+v", r.Data, r.Errors)
	}

	res, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(page)), "graphiql") {
		t.Errorf("playground: status %d, page without GraphiQL", res.StatusCode)
	}
	if id := res.Header.Get("X-Request-Id"); id == "" {
		t.Error("no X-Request-Id on the response")
	}
	if !strings.Contains(s.Stderr.String(), "request_id=") {
		t.Errorf("log lines carry no request id:\n%s", s.Stderr.String())
	}

	// A validation error, for the metrics: to an application/json client it
	// answers 200 too (GraphQL over HTTP), so /graphql has counted two 200s.
	postQuery(t, s.URL, `{ nope }`)
	res, err = http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`argmap_http_requests_total{code="200",route="/graphql"} 2`, "argmap_cypher_statements_total",
		"argmap_cypher_statement_duration_seconds_count", `argmap_http_request_duration_seconds_bucket{route="/graphql"`,
		`argmap_graphql_operations_total{fields="graphStats",outcome="ok",type="query"} 1`,
		`argmap_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1`,
		"argmap_neo4j_pool_max_connections 50", "argmap_neo4j_sessions_in_use 0"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	if err := s.Stop(t); err != nil {
		t.Errorf("graceful shutdown: run returned %v", err)
	}
}

func TestServe_StartsWithoutNeo4j(t *testing.T) {
	env := testEnv(t)
	env["NEO4J_URI"] = "bolt://" + neo4jtest.RefusedAddr(t)

	s := MustServe(t, env)
	waitStatus(t, s.URL+"/healthz", http.StatusOK, 5*time.Second)
	body := waitStatus(t, s.URL+"/readyz", http.StatusServiceUnavailable, 5*time.Second)
	if !strings.Contains(body.reason(), "NEO4J_URI") {
		t.Errorf("readyz reason %q does not say what to check", body.reason())
	}
	if len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "UNAVAILABLE" {
		t.Errorf("readyz 503 body %+v, want one UNAVAILABLE error", body)
	}
	r := postQuery(t, s.URL, `{ graphStats { totalNodes } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAVAILABLE" {
		t.Fatalf("errors = %+v, want one UNAVAILABLE", r.Errors)
	}
}

func TestServe_WrongPassword(t *testing.T) {
	env := testEnv(t)
	env["NEO4J_PASSWORD"] = "wrong-password"
	s := MustServe(t, env)
	body := waitStatus(t, s.URL+"/readyz", http.StatusServiceUnavailable, 10*time.Second)
	if !strings.Contains(body.reason(), "NEO4J_PASSWORD") {
		t.Errorf("readyz reason %q does not name NEO4J_PASSWORD", body.reason())
	}
	// Let the background migration and readiness probes fail a few times:
	// the log still names the problem once.
	waitStatus(t, s.URL+"/readyz", http.StatusServiceUnavailable, time.Second)
	time.Sleep(3 * time.Second)
	if n := strings.Count(s.Stderr.String(), "NEO4J_PASSWORD"); n != 1 {
		t.Errorf("the wrong password is logged %d times, want once:\n%s", n, s.Stderr.String())
	}
}

// neo4jCtl runs the launcher script on the test instance (make test sets
// ARGMAP_TEST_NEO4J_CTL and the instance's NEO4J_* variables).
func neo4jCtl(tb testing.TB, verb string) {
	tb.Helper()
	script := os.Getenv("ARGMAP_TEST_NEO4J_CTL")
	if script == "" {
		tb.Fatal("ARGMAP_TEST_NEO4J_CTL is not set: run `make test`")
	}
	out, err := exec.Command(script, verb).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", script, verb, err, out)
	}
}

// TestServe_Neo4jStopsAndReturns stops Neo4j under a sustained read load:
// requests must fail fast with UNAVAILABLE, /readyz must go 503, the
// service must recover by itself when Neo4j returns, and no goroutine may
// leak.
func TestServe_Neo4jStopsAndReturns(t *testing.T) {
	neo4jtest.MustOpen(t)
	s := MustServe(t, testEnv(t))
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)
	http.DefaultClient.CloseIdleConnections()
	baseline := runtime.NumGoroutine()

	// Four clients read all the time and record what they get.
	type outcome struct {
		code string
		took time.Duration
	}
	var mu sync.Mutex
	var outcomes []outcome
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				// Not postQuery: t.Fatal may not be called from here.
				o := outcome{code: "OK"}
				var r gqlResponse
				res, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ actors(first: 5) { nodes { name } } }"}`))
				if err == nil {
					err = json.NewDecoder(res.Body).Decode(&r)
					res.Body.Close()
				}
				switch {
				case err != nil:
					o.code = "HTTP: " + err.Error()
				case len(r.Errors) > 0:
					o.code, _ = r.Errors[0].Extensions["code"].(string)
				}
				o.took = time.Since(start)
				mu.Lock()
				outcomes = append(outcomes, o)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}

	neo4jCtl(t, "stop")
	// Whatever happens below, leave the test database running.
	t.Cleanup(func() { neo4jCtl(t, "start") })
	body := waitStatus(t, s.URL+"/readyz", http.StatusServiceUnavailable, 15*time.Second)
	if body.reason() == "" {
		t.Error("readyz 503 without a reason")
	}
	time.Sleep(2 * time.Second) // sustained load while Neo4j is down

	neo4jCtl(t, "start")
	back := time.Now()
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 30*time.Second)
	recovered := time.Since(back)
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()

	var failures, slowest time.Duration
	codes := map[string]int{}
	for _, o := range outcomes {
		codes[o.code]++
		if o.code != "OK" {
			failures++
			slowest = max(slowest, o.took)
		}
	}
	t.Logf("outcomes %v; slowest failure %s; ready again %s after Neo4j answered", codes, slowest, recovered)
	for code := range codes {
		if code != "OK" && code != "UNAVAILABLE" {
			t.Errorf("a request failed with %s, want UNAVAILABLE", code)
		}
	}
	if codes["UNAVAILABLE"] == 0 {
		t.Error("no request saw Neo4j down")
	}
	// Fail fast: bounded by the connection timeouts (1 s here), not by a
	// minute of pool waiting. The bound only catches a stall.
	if slowest > 10*time.Second {
		t.Errorf("a request took %s to fail", slowest)
	}
	if recovered > 10*time.Second {
		t.Errorf("readiness came back %s after Neo4j, want within 10 s", recovered)
	}
	r := postQuery(t, s.URL, `{ graphStats { totalNodes } }`)
	if len(r.Errors) > 0 {
		t.Fatalf("after Neo4j returned: errors = %+v", r.Errors)
	}
	// Goroutines back to baseline (HTTP keep-alives and the driver's pool
	// settle within a few seconds).
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline+5 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+5 {
		t.Errorf("%d goroutines after the outage, %d before: a leak", n, baseline)
	}
	// No Neo4j session (each holds a pooled connection) is left open.
	res, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(metrics), "argmap_neo4j_sessions_in_use 0") {
		t.Error("Neo4j sessions are still in use after the outage")
	}
}
