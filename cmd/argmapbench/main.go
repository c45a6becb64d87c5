// Command argmapbench is the benchmark suite of issue 7: for a fixed set of
// research queries (actor by alias, ego networks of depth 1 and 2, shortest
// and all paths, an argument tree, search, a filtered claims page,
// aggregates) it measures a real `argmap serve` process against the floor of
// the same Cypher run straight through the driver.
//
// The suite works on whatever graph the database holds: it first chooses its
// probes (actor, alias, path ends, tree root, search term, claims filter)
// from the data. For each query it records the statements one API request
// runs (the store's statement log), PROFILEs each of them to check that
// every lookup by id or alias uses an index, then measures, at each
// concurrency for a fixed time after a warm-up, (a) the API over HTTP on
// loopback and (b) the recorded statements replayed with the driver in read
// transactions. It samples the serve process's resident memory throughout,
// checks the targets of issue 7 and writes a Markdown report to stdout (and
// -out). Any failed request fails the run.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/mapfile"
	store "github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/serveproc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "argmapbench:", err)
		os.Exit(1)
	}
}

// options are the suite's settings, from flags with the environment as
// defaults for the Neo4j connection.
type options struct {
	neo4j        store.Config
	bin          string
	seed         string
	duration     time.Duration
	warmup       time.Duration
	timeout      time.Duration
	levels       []int
	only         map[string]bool
	out          string
	scale        string
	strictIndex  bool
	profileOnly  bool
	actor        string
	loaderWait   time.Duration
	progress     io.Writer
	serverStderr io.Writer
}

func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("argmapbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	o := &options{neo4j: store.DefaultConfig(), progress: stderr, serverStderr: stderr}
	fs.StringVar(&o.neo4j.URI, "neo4j-uri", env("NEO4J_URI", o.neo4j.URI), "Neo4j Bolt URI ($NEO4J_URI); argmap serve is started against it too")
	fs.StringVar(&o.neo4j.User, "neo4j-user", env("NEO4J_USER", o.neo4j.User), "Neo4j user ($NEO4J_USER)")
	fs.StringVar(&o.neo4j.Password, "neo4j-password", env("NEO4J_PASSWORD", "argmap-dev-password"), "Neo4j password ($NEO4J_PASSWORD)")
	fs.StringVar(&o.neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", o.neo4j.Database), "Neo4j database ($NEO4J_DATABASE)")
	fs.StringVar(&o.bin, "bin", "bin/argmap", "the argmap binary to start as the API (make build)")
	fs.StringVar(&o.seed, "seed", "data/seed/syria-anti-isis-gamble.yaml", "map loaded first when the database holds no document (empty: none)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "how long each cell (query × concurrency × API or raw) is measured")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "warm-up before each cell, not measured")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "timeout of one request")
	concs := fs.String("concurrency", "1,8,32", "comma-separated concurrency levels")
	only := fs.String("only", "", "comma-separated query keys to run (default all: "+strings.Join(queryKeys(), ",")+")")
	fs.StringVar(&o.out, "out", "", "also write the Markdown report to this file")
	fs.StringVar(&o.scale, "scale", "", "the scale's name in the report (default: guessed from the document count, S/M/L)")
	fs.BoolVar(&o.strictIndex, "strict-index", false, "exit non-zero when PROFILE shows a lookup by id, name or alias that scans")
	fs.StringVar(&o.actor, "actor", "", "the actor of the actor, ego network and path queries (default: a popular one from the data)")
	fs.BoolVar(&o.profileOnly, "profile-only", false, "choose probes and PROFILE the statements, measure nothing")
	fs.DurationVar(&o.loaderWait, "loader-wait", graph.DefaultOptions().LoaderWait, "the API's loader wait (ARGMAP_LOADER_WAIT of argmap serve)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, s := range strings.Split(*concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-concurrency %q: use positive integers such as 1,8,32", s)
		}
		o.levels = append(o.levels, n)
	}
	o.levels = sortedConcs(o.levels)
	if *only != "" {
		o.only = map[string]bool{}
		for _, k := range strings.Split(*only, ",") {
			k = strings.TrimSpace(k)
			if !slices.Contains(queryKeys(), k) {
				return nil, fmt.Errorf("-only: no query %q (the queries: %s)", k, strings.Join(queryKeys(), ","))
			}
			o.only[k] = true
		}
	}
	if o.duration <= 0 || o.timeout <= 0 {
		return nil, fmt.Errorf("-duration and -timeout must be positive")
	}
	return o, nil
}

func queryKeys() []string {
	var keys []string
	for _, q := range researchQueries(&Probes{}) {
		keys = append(keys, q.Key)
	}
	return keys
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	report, runErr := suite(ctx, o)
	if report != nil {
		report.Render(stdout)
		if o.out != "" {
			if err := writeReport(o.out, report); err != nil {
				return err
			}
		}
	}
	return runErr
}

// writeReport writes the report to the file at path. Render ignores write
// errors (they are for a terminal); here a failed write fails the run.
func writeReport(path string, r *Report) error {
	var b bytes.Buffer
	r.Render(&b)
	return os.WriteFile(path, b.Bytes(), 0o666)
}

// suite runs the whole benchmark and returns its report; the error says
// why the run failed (the report, when not nil, still shows what was
// measured).
func suite(ctx context.Context, o *options) (*Report, error) {
	say := func(format string, a ...any) { fmt.Fprintf(o.progress, "argmapbench: "+format+"\n", a...) }

	db, err := store.Open(o.neo4j, nil)
	if err != nil {
		return nil, err
	}
	defer db.Close(context.WithoutCancel(ctx))
	if err := db.Migrate(ctx); err != nil {
		return nil, fmt.Errorf("neo4j at %s: %s", o.neo4j.URI, store.OperatorHint(err))
	}
	if err := loadSeedIfEmpty(ctx, db, o.seed, say); err != nil {
		return nil, err
	}
	drv, err := neo4j.NewDriverWithContext(o.neo4j.URI, neo4j.BasicAuth(o.neo4j.User, o.neo4j.Password, ""))
	if err != nil {
		return nil, err
	}
	defer drv.Close(context.WithoutCancel(ctx))
	cy := &cypherRunner{drv: drv, database: o.neo4j.Database}

	stats, err := db.GraphStats(ctx)
	if err != nil {
		return nil, err
	}
	r := &Report{Scale: o.scale, Machine: machineFacts(ctx, cy, stats), Duration: o.duration, Warmup: o.warmup,
		LoaderWait: o.loaderWait, TargetConc: targetConc(o.levels), MeasuredLatency: !o.profileOnly}
	if r.Scale == "" {
		r.Scale, r.ScaleGuessed = guessScale(stats), true
	}
	say("scale %s: %d nodes, %d relationships; choosing probes", r.Scale, stats.TotalNodes(), stats.TotalRelationships())
	t0 := time.Now()
	if r.Probes, err = chooseProbes(ctx, cy, o.actor); err != nil {
		return nil, fmt.Errorf("choosing probes: %w", err)
	}
	p := r.Probes
	say("probes (%s): actor %s (%q, %d relations, rank %d of %d), alias %q; paths %s → %s (distance %d); tree %s (%d paths to depth %d); search %q; claims roles %v hedgings %v (%d of %d)",
		time.Since(t0).Round(time.Millisecond), p.Actor, p.ActorName, p.ActorDegree, p.ActorRank, p.ActorsRanked, p.Alias, p.PathFrom, p.PathTo, p.PathDistance,
		p.TreeRoot, p.TreeSize, p.TreeDepth, p.SearchTerm, p.ClaimRoles, p.ClaimHedgings, p.ClaimMatches, p.ClaimTotal)

	// Record in-process what one request of each query runs, through the
	// same handler code as argmap serve, and PROFILE it.
	opts := graph.DefaultOptions()
	opts.LoaderWait = o.loaderWait
	logger := slog.New(slog.NewTextHandler(o.progress, &slog.HandlerOptions{Level: slog.LevelError}))
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db}, opts, logger)
	for _, q := range researchQueries(p) {
		if o.only != nil && !o.only[q.Key] {
			continue
		}
		res := &QueryResult{Query: q}
		stmts, err := record(ctx, h, q)
		res.Statements = stmts
		if err != nil {
			// The query is not measured, and fails the run; the plans of
			// what it ran show why (EXPLAIN only: PROFILE would run it again).
			res.Err = err.Error()
			say("%s: FAILED: %s; EXPLAIN", q.Name, err)
			res.Plans = profileStatements(ctx, cy, q.Key, stmts, true)
		} else {
			say("%s: %d statements; PROFILE", q.Name, len(stmts))
			res.Plans = profileStatements(ctx, cy, q.Key, stmts, false)
		}
		r.Results = append(r.Results, res)
	}
	var all []PlanCheck
	for _, q := range r.Results {
		all = append(all, q.Plans...)
	}
	indexErr := lookupScanError(all)
	if o.profileOnly {
		if o.strictIndex {
			return r, indexErr
		}
		return r, nil
	}

	srv, err := startServer(ctx, o.bin, o.neo4j, o.loaderWait, o.serverStderr)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	clock := cpuClock{servePID: srv.PID(), cypher: cy}
	failed := 0
	for _, q := range r.Results {
		if q.Err != "" {
			continue
		}
		if err := checkAnswer(ctx, srv, q); err != nil {
			q.Err = "via argmap serve: " + err.Error()
			say("%s: FAILED %s", q.Query.Name, q.Err)
			continue
		}
		for _, c := range o.levels {
			cell := measureCell(ctx, o, srv, db, clock, q, c)
			failed += cell.API.Errors + cell.Raw.Errors
			say("%s, concurrency %d: API p50 %s p95 %s %.0f req/s; raw p50 %s p95 %s %.0f req/s; errors %d; serve RSS %s",
				q.Query.Name, c, ms(cell.API.P50), ms(cell.API.P95), cell.API.Rate, ms(cell.Raw.P50), ms(cell.Raw.P95), cell.Raw.Rate,
				cell.API.Errors+cell.Raw.Errors, mib(cell.RSSPeak))
			q.Cells = append(q.Cells, cell)
			if ctx.Err() != nil {
				return r, ctx.Err()
			}
		}
	}
	r.ServeRSSPeak = srv.rss.peakBytes()
	if kb, err := serveproc.StatusKB(srv.PID(), "VmHWM"); err == nil {
		r.ServeHWM = kb << 10
	}
	var errs []error
	for _, q := range r.Results {
		if q.Err != "" {
			errs = append(errs, fmt.Errorf("%s could not be measured: %s", q.Query.Name, q.Err))
		}
	}
	if failed > 0 {
		errs = append(errs, fmt.Errorf("%d requests failed: the figures are not valid (see the report)", failed))
	}
	if o.strictIndex && indexErr != nil {
		errs = append(errs, indexErr)
	}
	return r, errors.Join(errs...)
}

// measureCell measures one query at one concurrency: the API, then the
// raw floor, each after its warm-up, with the serve process's statements,
// memory and the CPU of every process involved.
func measureCell(ctx context.Context, o *options, srv *server, db *store.DB, clock cpuClock, q *QueryResult, conc int) Cell {
	body := q.Query.body()
	api := func(ctx context.Context) error { return srv.request(ctx, body) }
	raw := func(ctx context.Context) error { return db.Replay(ctx, q.Statements) }
	cell := Cell{Conc: conc}
	if o.warmup > 0 {
		closedLoop(ctx, api, conc, o.warmup, o.timeout)
	}
	stmtsBefore, errBefore := srv.statements(ctx)
	srv.rss.windowPeak()
	cpuBefore := clock.read(ctx)
	cell.API = closedLoop(ctx, api, conc, o.duration, o.timeout)
	cell.APICPU = perRequest(cpuBefore, clock.read(ctx), cell.API.Requests+cell.API.Errors)
	cell.RSSPeak = srv.rss.windowPeak()
	if after, err := srv.statements(ctx); err == nil && errBefore == nil && cell.API.Requests+cell.API.Errors > 0 {
		cell.ServeStatements = (after - stmtsBefore) / float64(cell.API.Requests+cell.API.Errors)
	}
	if o.warmup > 0 {
		closedLoop(ctx, raw, conc, o.warmup, o.timeout)
	}
	cpuBefore = clock.read(ctx)
	cell.Raw = closedLoop(ctx, raw, conc, o.duration, o.timeout)
	cell.RawCPU = perRequest(cpuBefore, clock.read(ctx), cell.Raw.Requests+cell.Raw.Errors)
	cell.RawCPU.Serve = 0 // the serve process idles meanwhile
	return cell
}

// targetConc is the concurrency the targets are checked at: 8, as issue 7
// sets for the API/raw ratio, or the nearest measured level below (else
// the lowest).
func targetConc(levels []int) int {
	best := levels[0]
	for _, c := range levels {
		if c <= 8 {
			best = c
		}
	}
	return best
}

// loadSeedIfEmpty imports the seed map into a database without documents,
// so that `make bench` works on a fresh development Neo4j.
func loadSeedIfEmpty(ctx context.Context, db *store.DB, seed string, say func(string, ...any)) error {
	n, err := db.DocumentCount(ctx)
	if err != nil || n > 0 || seed == "" {
		return err
	}
	say("the database is empty: loading %s", seed)
	m, err := mapfile.ReadFile(seed)
	if err != nil {
		return err
	}
	_, err = db.ImportMap(ctx, m, nil)
	return err
}

// record runs a request through the in-process handler with a statement
// log and returns what it ran; the answer must pass the query's check. The
// loaders batch within a 1 ms wait, so on a busy machine one request may
// split a batch in two: of a few recordings (one when a request takes over
// a second) the one with the fewest statements is kept, the API's best
// case, so that a floor replaying a split batch does not flatter the API.
// On failure the statements run so far come back with the error.
func record(ctx context.Context, h http.Handler, q Query) ([]store.LoggedStatement, error) {
	var best []store.LoggedStatement
	for range 5 {
		recCtx, log := store.WithStatementLog(ctx)
		req := httptest.NewRequestWithContext(recCtx, http.MethodPost, "/graphql", bytes.NewReader(q.body()))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took := time.Since(start)
		data, err := graphQLData(rec.Code, rec.Body.Bytes())
		if err == nil {
			_, err = checkData(data, q)
		}
		if err == nil && len(log.Statements) == 0 {
			err = fmt.Errorf("the request ran no statement: nothing to compare with")
		}
		if err != nil {
			return log.Statements, fmt.Errorf("%w (after %s)", err, took.Round(time.Millisecond))
		}
		if best == nil || len(log.Statements) < len(best) {
			best = log.Statements
		}
		if took > time.Second {
			break
		}
	}
	return best, nil
}

// checkAnswer asks the serve process once, checks its answer too and
// notes its size.
func checkAnswer(ctx context.Context, srv *server, q *QueryResult) error {
	data, err := srv.graphQL(ctx, q.Query.body())
	if err != nil {
		return err
	}
	q.AnswerBytes = len(data)
	q.Answer, err = checkData(data, q.Query)
	return err
}

// checkData checks the data of an answer and summarises it.
func checkData(data json.RawMessage, q Query) (string, error) {
	var d map[string]any
	if err := json.Unmarshal(data, &d); err != nil {
		return "", fmt.Errorf("answer data: %w", err)
	}
	if q.Check == nil {
		return "", nil
	}
	sum, err := q.Check(d)
	if err != nil {
		return "", fmt.Errorf("unexpected answer: %w", err)
	}
	return sum, nil
}
