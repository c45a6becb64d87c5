package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	store "github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/serveproc"
)

// server is a real `argmap serve` process started for the benchmark, so that
// its latency includes the whole HTTP stack and its memory is its own.
type server struct {
	*serveproc.Process
	client *http.Client
	rss    *rssSampler
}

// startServer starts bin serve on a free loopback port against the Neo4j
// of cfg (passed explicitly, never inherited, so it cannot reach another
// database), with the rate limit off, and waits until /readyz answers 200.
func startServer(ctx context.Context, bin string, cfg store.Config, loaderWait time.Duration, stderr io.Writer) (*server, error) {
	p, err := serveproc.Start(ctx, bin, []string{"ARGMAP_LOG_LEVEL=warn", "ARGMAP_LOADER_WAIT=" + loaderWait.String(),
		"NEO4J_URI=" + cfg.URI, "NEO4J_USER=" + cfg.User, "NEO4J_PASSWORD=" + cfg.Password, "NEO4J_DATABASE=" + cfg.Database},
		90*time.Second, stderr)
	if err != nil {
		return nil, err
	}
	return &server{
		Process: p,
		// Enough idle connections for the highest concurrency, so that no
		// request pays a new TCP connection.
		client: &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}},
		rss:    startRSSSampler(p.PID(), 20*time.Millisecond),
	}, nil
}

// stop ends the RSS sampling and the process.
func (s *server) stop() {
	s.rss.stop()
	s.Stop()
}

// graphQL posts one request and returns its data, or an error for a
// transport failure, a status other than 200, or any GraphQL error.
func (s *server) graphQL(ctx context.Context, body []byte) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return graphQLData(res.StatusCode, b)
}

// request posts one request during a measurement and checks it cheaply:
// the status and the absence of a top-level "errors" key (no schema field is
// named so, and a string holding it is escaped in JSON). Only a failure is
// decoded, for its message.
func (s *server) request(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode == http.StatusOK && !bytes.Contains(b, []byte(`"errors":`)) {
		return nil
	}
	_, err = graphQLData(res.StatusCode, b)
	if err == nil {
		err = fmt.Errorf("HTTP %d with an errors key: %.200s", res.StatusCode, b)
	}
	return err
}

// graphQLData checks a GraphQL HTTP answer and returns its data.
func graphQLData(status int, b []byte) (json.RawMessage, error) {
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("HTTP %d, not JSON: %.200s", status, b)
	}
	if len(r.Errors) > 0 {
		return nil, fmt.Errorf("HTTP %d, GraphQL error %s: %s", status, r.Errors[0].Extensions.Code, r.Errors[0].Message)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.200s", status, b)
	}
	return r.Data, nil
}

// statements reads the process's count of Cypher statements sent to Neo4j
// (argmap_cypher_statements_total on /metrics).
func (s *server) statements(ctx context.Context) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "argmap_cypher_statements_total "); ok {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	return 0, fmt.Errorf("/metrics has no argmap_cypher_statements_total")
}

// rssSampler polls a process's resident set size, so that the peak of each
// measurement cell is known (VmHWM only gives the peak of the whole life).
type rssSampler struct {
	pid    int
	quit   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	window int64 // peak VmRSS in kB since the last windowPeak
	peak   int64 // peak VmRSS in kB of the whole run
}

func startRSSSampler(pid int, every time.Duration) *rssSampler {
	r := &rssSampler{pid: pid, quit: make(chan struct{})}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			r.sample()
			select {
			case <-r.quit:
				return
			case <-t.C:
			}
		}
	}()
	return r
}

func (r *rssSampler) sample() {
	kb, err := serveproc.StatusKB(r.pid, "VmRSS")
	if err != nil {
		return
	}
	r.mu.Lock()
	r.window = max(r.window, kb)
	r.peak = max(r.peak, kb)
	r.mu.Unlock()
}

// windowPeak returns the peak VmRSS (bytes) since the previous call.
func (r *rssSampler) windowPeak() int64 {
	r.sample()
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.window
	r.window = 0
	return w << 10
}

// peakBytes returns the peak VmRSS sampled over the whole run.
func (r *rssSampler) peakBytes() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peak << 10
}

func (r *rssSampler) stop() {
	select {
	case <-r.quit:
	default:
		close(r.quit)
	}
	r.wg.Wait()
}
