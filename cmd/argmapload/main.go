// Command argmapload drives a running-from-scratch "argmap serve" with a
// realistic mix of queries and mutations at increasing rates (vegeta as a
// library) and reports throughput, latency percentiles, errors and the
// server's memory. `make bench` runs it after the API benchmark.
//
// It starts the binary itself (built by make), on a free port, against the
// development Neo4j with the seed map loaded, with a write token of its own.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/argmap/argmap/internal/serveproc"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

const token = "argmapload-write-token-0123456789"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "argmapload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("argmapload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "bin/argmap", "the argmap binary to start")
	rates := fs.String("rates", "50,100,200", "requests per second, one step each")
	duration := fs.Duration("duration", 60*time.Second, "how long each step lasts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Neo4j settings come from this process's environment, as for any
	// argmap command.
	srv, err := serveproc.Start(ctx, *bin, []string{"ARGMAP_WRITE_TOKEN=" + token, "ARGMAP_LOG_LEVEL=warn"}, 60*time.Second, stderr)
	if err != nil {
		return fmt.Errorf("%w (is Neo4j running with the seed map? make run does both)", err)
	}
	defer srv.Stop()
	base := srv.Base

	fmt.Fprintf(stdout, "Load: a mix of 8 reads and 2 idempotent writes out of 10, %s per step, against %s (pid %d).\n\n", *duration, *bin, srv.PID())
	fmt.Fprintln(stdout, "| rate (req/s) | requests | throughput (req/s) | p50 | p95 | p99 | max | errors | server RSS after |")
	fmt.Fprintln(stdout, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	// A short warm-up fills connection pools and Neo4j's query plan cache,
	// so the first step does not measure them.
	for range vegeta.NewAttacker().Attack(targeter(base), vegeta.Rate{Freq: 20, Per: time.Second}, 3*time.Second, "warm-up") {
	}
	for _, s := range strings.Split(*rates, ",") {
		attacker := vegeta.NewAttacker(vegeta.Timeout(30*time.Second), vegeta.KeepAlive(true))
		rate, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("rate %q", s)
		}
		var m vegeta.Metrics
		errs := map[string]int{}
		for res := range attacker.Attack(targeter(base), vegeta.Rate{Freq: rate, Per: time.Second}, *duration, fmt.Sprint(rate)) {
			m.Add(res)
			if msg := resultError(res); msg != "" {
				errs[msg]++
			}
		}
		m.Close()
		nErr := 0
		for _, n := range errs {
			nErr += n
		}
		fmt.Fprintf(stdout, "| %d | %d | %.1f | %s | %s | %s | %s | %d | %s |\n", rate, m.Requests, m.Throughput,
			ms(m.Latencies.P50), ms(m.Latencies.P95), ms(m.Latencies.P99), ms(m.Latencies.Max), nErr, rss(srv.PID()))
		for msg, n := range errs {
			fmt.Fprintf(stderr, "  %d× %s\n", n, msg)
		}
	}
	return nil
}

// operations is the mix: reads a researcher does in the playground, and
// idempotent writes (same ids every time), so the graph stays the same size.
var operations = []string{
	`{ actor(id: "hts") { name aliases relations { type modality other { name } evidence { text } } } }`,
	`{ claim(id: "syria-anti-isis-gamble/thesis") { text supportedBy { text } attackedBy { text } } }`,
	`{ paths(from: "sdf", to: "muhajirun", maxHops: 4) { length steps { from { name } to { name } relation { type } } } }`,
	`{ argumentTree(claim: "syria-anti-isis-gamble/thesis", depth: 3) { nodes { depth claim { text } } } }`,
	`{ search(query: "Hay'at Tahrir al-Sham") { kind score snippet } }`,
	`{ claims(first: 20, filter: {roles: [PREMISE]}) { totalCount nodes { text actors { actor { name } } } } }`,
	`{ actors(first: 20) { nodes { name claimCount } } }`,
	`{ actor(id: "sdf") { neighbourhood(depth: 2) { nodes { name } edges { type } } } }`,
	`mutation { createActor(input: {id: "load-actor", name: "Load test actor", type: MOVEMENT}) { id } }`,
	`mutation { updateDocument(id: "syria-anti-isis-gamble", input: {language: "en"}) { id } }`,
}

func targeter(base string) vegeta.Targeter {
	var n atomic.Int64
	header := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token}}
	bodies := make([][]byte, len(operations))
	for i, q := range operations {
		bodies[i], _ = json.Marshal(map[string]string{"query": q})
	}
	return func(t *vegeta.Target) error {
		i := n.Add(1) % int64(len(bodies))
		*t = vegeta.Target{Method: http.MethodPost, URL: base + "/graphql", Body: bodies[i], Header: header}
		return nil
	}
}

// resultError is "" for a successful GraphQL answer, else a short reason.
func resultError(r *vegeta.Result) string {
	if r.Error != "" {
		return r.Error
	}
	if r.Code != http.StatusOK {
		return "HTTP " + strconv.Itoa(int(r.Code))
	}
	var body struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return "not JSON"
	}
	if len(body.Errors) > 0 {
		return "GraphQL " + body.Errors[0].Extensions.Code
	}
	return ""
}

// rss is the resident set size of a process, for the table.
func rss(pid int) string {
	kb, err := serveproc.StatusKB(pid, "VmRSS")
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(kb)/1024)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
