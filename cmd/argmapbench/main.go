// Command argmapbench measures the research API against the floor of the
// same Cypher run straight through the driver.
//
// For each example operation it records the statements one API request
// runs, then drives (a) the API over HTTP on loopback and (b) a replay of
// those statements with the driver, each at several concurrencies for a
// fixed time, and prints p50/p99 latency, throughput and the API/raw ratio
// as a Markdown table. `make bench` runs it against the development Neo4j
// with the seed map loaded.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "argmapbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("argmapbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := neo4j.DefaultConfig()
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&cfg.URI, "neo4j-uri", env("NEO4J_URI", cfg.URI), "Neo4j Bolt URI ($NEO4J_URI)")
	fs.StringVar(&cfg.User, "neo4j-user", env("NEO4J_USER", cfg.User), "Neo4j user ($NEO4J_USER)")
	fs.StringVar(&cfg.Password, "neo4j-password", env("NEO4J_PASSWORD", "argmap-dev-password"), "Neo4j password ($NEO4J_PASSWORD)")
	seed := fs.String("seed", "data/seed/syria-anti-isis-gamble.yaml", "map loaded first when the database holds no document")
	duration := fs.Duration("duration", 5*time.Second, "how long each measurement runs")
	concs := fs.String("concurrency", "1,8", "comma-separated concurrency levels")
	only := fs.String("only", "", "run only the operations whose name contains this")
	opts := graph.DefaultOptions()
	fs.DurationVar(&opts.LoaderWait, "loader-wait", opts.LoaderWait, "the API's loader wait (see argmap serve -loader-wait)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var levels []int
	for _, s := range strings.Split(*concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("concurrency %q: use positive integers such as 1,8", s)
		}
		levels = append(levels, n)
	}

	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("neo4j at %s: %s", cfg.URI, neo4j.OperatorHint(err))
	}
	if n, err := db.DocumentCount(ctx); err != nil {
		return err
	} else if n == 0 {
		m, err := mapfile.ReadFile(*seed)
		if err != nil {
			return err
		}
		if _, err := db.ImportMap(ctx, m, nil); err != nil {
			return err
		}
		// Full-text indexes catch up asynchronously.
		time.Sleep(2 * time.Second)
	}

	// Internal errors are logged: a benchmark that hides them measures nothing.
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db}, opts, logger)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	fmt.Fprintf(stdout, "Machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s; Neo4j at %s; %s per measurement; loader wait %s.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), cfg.URI, *duration, opts.LoaderWait)
	fmt.Fprintln(stdout, "| operation | conc | statements | API p50 | API p99 | API req/s | raw p50 | raw p99 | raw req/s | API/raw p50 |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, op := range operations {
		if *only != "" && !strings.Contains(op.Name, *only) {
			continue
		}
		body, _ := json.Marshal(map[string]any{"query": op.Query})
		// Record what one request runs; fail on GraphQL errors.
		recCtx, log := neo4j.WithStatementLog(ctx)
		req := httptest.NewRequestWithContext(recCtx, http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if err := checkResponse(rec.Body.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", op.Name, err)
		}
		stmts := log.Statements
		api := func(ctx context.Context) error {
			res, err := client.Post(srv.URL, "application/json", bytes.NewReader(body))
			if err != nil {
				return err
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				return err
			}
			return checkResponse(b)
		}
		raw := func(ctx context.Context) error { return db.Replay(ctx, stmts) }
		for _, c := range levels {
			a, err := measure(ctx, api, c, *duration)
			if err != nil {
				return fmt.Errorf("%s via the API: %w", op.Name, err)
			}
			r, err := measure(ctx, raw, c, *duration)
			if err != nil {
				return fmt.Errorf("%s raw: %w", op.Name, err)
			}
			fmt.Fprintf(stdout, "| %s | %d | %d | %s | %s | %.0f | %s | %s | %.0f | %.2f |\n", op.Name, c, len(stmts),
				ms(a.p50), ms(a.p99), a.rate, ms(r.p50), ms(r.p99), r.rate, float64(a.p50)/float64(r.p50))
		}
	}
	return nil
}

func checkResponse(b []byte) error {
	var r struct {
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("response is not JSON: %.200s", b)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("GraphQL error: %s", r.Errors[0].Message)
	}
	return nil
}

type result struct {
	p50, p99 time.Duration
	rate     float64
}

// measure runs fn from c goroutines for d and summarises the latencies.
func measure(ctx context.Context, fn func(context.Context) error, c int, d time.Duration) (result, error) {
	// Warm up connections, caches and query plans.
	for i := 0; i < 5; i++ {
		if err := fn(ctx); err != nil {
			return result{}, err
		}
	}
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := 0; i < c; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				start := time.Now()
				if err := fn(ctx); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return result{}, firstErr
	}
	if len(lat) == 0 {
		return result{}, fmt.Errorf("no request completed")
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return result{p50: pct(0.50), p99: pct(0.99), rate: float64(len(lat)) / d.Seconds()}, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
