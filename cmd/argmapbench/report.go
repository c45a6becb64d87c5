package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	store "github.com/argmap/argmap/internal/neo4j"
)

// Cell is one query measured at one concurrency: through the API and as
// the raw floor.
type Cell struct {
	Conc     int
	API, Raw Stats
	// ServeStatements is Cypher statements per request as the serve
	// process counted them during the API measurement (its /metrics).
	ServeStatements float64
	// RSSPeak is the serve process's peak resident set (bytes) during the
	// API measurement.
	RSSPeak int64
	// APICPU and RawCPU are the CPU time each request cost.
	APICPU, RawCPU CPU
}

// QueryResult is everything measured about one query.
type QueryResult struct {
	Query      Query
	Statements []store.LoggedStatement // what one request runs, recorded
	Cells      []Cell
	Plans      []PlanCheck
	// Err says why the query could not be measured ("" when it was).
	Err string
	// Answer summarises the serve process's answer, AnswerBytes is the size
	// of its data.
	Answer      string
	AnswerBytes int
}

// Report is one run of the suite.
type Report struct {
	Scale           string
	ScaleGuessed    bool
	Machine         Machine
	Probes          *Probes
	Duration        time.Duration
	Warmup          time.Duration
	LoaderWait      time.Duration
	Results         []*QueryResult
	ServeRSSPeak    int64 // sampled VmRSS peak, bytes
	ServeHWM        int64 // VmHWM at the end, bytes
	TargetConc      int   // the concurrency the targets are checked at
	MeasuredLatency bool  // false when only probes and plans were run
}

// Verdict is the outcome of one target.
type Verdict struct {
	Target string
	Figure string
	Met    bool
	Known  bool // false: not measured in this run
}

// latencyTargets are issue 7's p95 targets (set for scale L).
var latencyTargets = []struct {
	key   string
	limit time.Duration
}{
	{keyEgo2, 50 * time.Millisecond},
	{keyShortestPath, 100 * time.Millisecond},
	{keySearch, 30 * time.Millisecond},
	{keyClaimsPage, 20 * time.Millisecond},
}

const (
	maxAPIRawRatio = 1.3
	maxServeRSS    = 200 << 20
)

func (r *Report) result(key string) *QueryResult {
	for _, q := range r.Results {
		if q.Query.Key == key {
			return q
		}
	}
	return nil
}

func (q *QueryResult) cell(conc int) *Cell {
	for i := range q.Cells {
		if q.Cells[i].Conc == conc {
			return &q.Cells[i]
		}
	}
	return nil
}

// Verdicts checks the targets against the measurements.
func (r *Report) Verdicts() []Verdict {
	var out []Verdict
	c := r.TargetConc
	for _, t := range latencyTargets {
		v := Verdict{Target: fmt.Sprintf("%s: API p95 < %s at concurrency %d", queryName(t.key), ms0(t.limit), c)}
		if q := r.result(t.key); q != nil {
			if q.Err != "" {
				v.Known, v.Figure = true, "failed"
			}
			if cell := q.cell(c); cell != nil && cell.API.Requests > 0 {
				v.Known, v.Met = true, cell.API.P95 < t.limit
				v.Figure = ms(cell.API.P95)
			}
		}
		out = append(out, v)
	}
	ratioV := Verdict{Target: fmt.Sprintf("API/raw p50 ratio ≤ %.1f at concurrency %d, every query", maxAPIRawRatio, c)}
	var worst float64
	var misses []string
	for _, q := range r.Results {
		cell := q.cell(c)
		if cell == nil || cell.Raw.Requests == 0 || cell.API.Requests == 0 {
			continue
		}
		ratioV.Known = true
		x := ratio(cell.API.P50, cell.Raw.P50)
		worst = max(worst, x)
		if x > maxAPIRawRatio {
			misses = append(misses, fmt.Sprintf("%s %.2f", q.Query.Name, x))
		}
	}
	if ratioV.Known {
		ratioV.Met = len(misses) == 0
		ratioV.Figure = fmt.Sprintf("worst %.2f", worst)
		if len(misses) > 0 {
			ratioV.Figure = "over: " + strings.Join(misses, "; ")
		}
	}
	out = append(out, ratioV)
	rss := Verdict{Target: "`argmap serve` RSS < 200 MB under load (VmHWM)"}
	if r.ServeHWM > 0 {
		rss.Known, rss.Met, rss.Figure = true, r.ServeHWM < maxServeRSS, mib(r.ServeHWM)
	}
	return append(out, rss)
}

func queryName(key string) string {
	for _, q := range researchQueries(&Probes{}) {
		if q.Key == key {
			return q.Name
		}
	}
	return key
}

// Render writes the report as Markdown.
func (r *Report) Render(w io.Writer) {
	m := r.Machine
	scale := r.Scale
	if r.ScaleGuessed {
		scale += " (guessed from the document count)"
	}
	fmt.Fprintf(w, "## argmapbench, scale %s, %s\n\n", scale, m.When.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Machine: %s, %d cores, %s RAM, %s, %s; %s (heap %s, page cache %s); API = a real `argmap serve` (rate limit off, loader wait %s) on loopback; %s per cell after %s warm-up.\n\n",
		m.CPU, m.Cores, gib(m.RAM), m.OS, m.GoVersion, m.Neo4j, m.Heap, m.PageCache, r.LoaderWait, r.Duration, r.Warmup)
	if s := m.Stats; s != nil {
		fmt.Fprintf(w, "Graph: %d nodes (%s), %d relationships.\n\n", s.TotalNodes(), counts(s.Nodes), s.TotalRelationships())
	}
	if p := r.Probes; p != nil {
		hedging := ""
		if len(p.ClaimHedgings) > 0 {
			hedging = ", hedgings " + strings.Join(p.ClaimHedgings, ",")
		}
		fmt.Fprintf(w, "Probes (chosen from the data):\n\n")
		rank := "given with -actor"
		if p.ActorRank > 0 {
			rank = fmt.Sprintf("rank %d of %d actors with relations", p.ActorRank, p.ActorsRanked)
		}
		fmt.Fprintf(w, "- actor: `%s` (%s, %d relations, %s); alias looked up: %q\n", p.Actor, p.ActorName, p.ActorDegree, rank, p.Alias)
		fmt.Fprintf(w, "- paths: `%s` → `%s`, %d relations apart\n", p.PathFrom, p.PathTo, p.PathDistance)
		fmt.Fprintf(w, "- argument tree: `%s` (%d paths up to depth %d)\n", p.TreeRoot, p.TreeSize, p.TreeDepth)
		fmt.Fprintf(w, "- search: %q\n", p.SearchTerm)
		fmt.Fprintf(w, "- claims filter: roles %s%s: %d of %d claims\n\n", strings.Join(p.ClaimRoles, ","), hedging, p.ClaimMatches, p.ClaimTotal)
	}
	if r.MeasuredLatency {
		r.renderQueries(w)
		r.renderCells(w)
		r.renderTargets(w)
	}
	r.renderPlans(w)
}

func (r *Report) renderQueries(w io.Writer) {
	fmt.Fprintln(w, "| query | variables | statements | answer | answer size |")
	fmt.Fprintln(w, "|---|---|---:|---|---:|")
	for _, q := range r.Results {
		vars, _ := json.Marshal(q.Query.Vars)
		answer, size := q.Answer, fmt.Sprintf("%.1f KiB", float64(q.AnswerBytes)/1024)
		if q.Err != "" {
			answer, size = "failed", "–"
		}
		fmt.Fprintf(w, "| %s | `%s` | %d | %s | %s |\n", q.Query.Name, mdCode(string(vars)), len(q.Statements), mdCell(answer), size)
	}
	fmt.Fprintln(w)
}

func (r *Report) renderCells(w io.Writer) {
	fmt.Fprintln(w, "| query | conc | stmts/req | API p50 | API p95 | API p99 | API req/s | errors | raw p50 | raw p95 | raw p99 | raw req/s | API/raw p50 | API/raw p95 | serve RSS peak |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, q := range r.Results {
		if q.Err != "" {
			fmt.Fprintf(w, "| %s | – | %d | **failed**: %s |%s\n", q.Query.Name, len(q.Statements), mdCell(q.Err), strings.Repeat(" |", 11))
		}
		for _, c := range q.Cells {
			stmts := fmt.Sprint(len(q.Statements))
			// The serve process's own count, when it differs from the recording.
			if c.ServeStatements > 0 && math.Abs(c.ServeStatements-float64(len(q.Statements))) > 0.05 {
				stmts += fmt.Sprintf(" (serve %.1f)", c.ServeStatements)
			}
			fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %.0f | %d | %s | %s | %s | %.0f | %.2f | %.2f | %s |\n",
				q.Query.Name, c.Conc, stmts, ms(c.API.P50), ms(c.API.P95), ms(c.API.P99), c.API.Rate, c.API.Errors+c.Raw.Errors,
				ms(c.Raw.P50), ms(c.Raw.P95), ms(c.Raw.P99), c.Raw.Rate, ratio(c.API.P50, c.Raw.P50), ratio(c.API.P95, c.Raw.P95), mib(c.RSSPeak))
		}
	}
	fmt.Fprintf(w, "\nCPU time per request (ms; serve + Neo4j + this process as the HTTP client, against Neo4j + this process replaying with the driver). With all three processes on %d cores, a saturated machine answers in proportion to these sums:\n\n", r.Machine.Cores)
	fmt.Fprintln(w, "| query | conc | API: serve | API: Neo4j | API: client | API total | raw: Neo4j | raw: client | raw total | total ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, q := range r.Results {
		for _, c := range q.Cells {
			a, rc := c.APICPU, c.RawCPU
			at, rt := a.Serve+a.Neo4j+a.Client, rc.Neo4j+rc.Client
			fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %.2f |\n", q.Query.Name, c.Conc,
				cpuMS(a.Serve), cpuMS(a.Neo4j), cpuMS(a.Client), cpuMS(at), cpuMS(rc.Neo4j), cpuMS(rc.Client), cpuMS(rt), ratio(at, rt))
		}
	}
	fmt.Fprintf(w, "\n`argmap serve` memory: peak VmRSS sampled every 20 ms %s, VmHWM at the end %s.\n\n", mib(r.ServeRSSPeak), mib(r.ServeHWM))
	for _, q := range r.Results {
		for _, c := range q.Cells {
			for _, s := range []struct {
				side string
				st   Stats
			}{{"API", c.API}, {"raw", c.Raw}} {
				if s.st.Errors > 0 {
					fmt.Fprintf(w, "**%d errors** in %s, %s, concurrency %d; the first: %s\n\n", s.st.Errors, q.Query.Name, s.side, c.Conc, s.st.FirstError)
				}
			}
		}
	}
}

func (r *Report) renderTargets(w io.Writer) {
	fmt.Fprintf(w, "Targets of issue 7 (set for scale L, checked at every scale):\n\n| target | figure | verdict |\n|---|---:|---|\n")
	for _, v := range r.Verdicts() {
		verdict := "not measured"
		if v.Known {
			verdict = "met"
			if !v.Met {
				verdict = "**missed**"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", v.Target, v.Figure, verdict)
	}
	fmt.Fprintln(w)
}

func (r *Report) renderPlans(w io.Writer) {
	fmt.Fprintf(w, "PROFILE of every statement the API runs (lookup scan: a label or relationship scan whose rows are then filtered on an id, name or alias):\n\n")
	fmt.Fprintln(w, "| query | # | statement | index operators | scans | lookup scan | db hits | rows |")
	fmt.Fprintln(w, "|---|---:|---|---|---|---|---:|---:|")
	var all []PlanCheck
	for _, q := range r.Results {
		for _, p := range q.Plans {
			all = append(all, p)
			scans, lookup := "–", "no"
			if len(p.Scans) > 0 {
				scans = strings.Join(p.Scans, "; ")
			}
			if len(p.LookupScans) > 0 {
				lookup = "**yes**"
			}
			idx := strings.Join(p.IndexOps, "; ")
			if p.Err != "" {
				idx, scans, lookup = "PROFILE failed: "+p.Err, "?", "?"
			}
			hits := fmt.Sprint(p.DbHits)
			if !p.Profiled {
				hits = "(EXPLAIN)"
			}
			fmt.Fprintf(w, "| %s | %d | `%s` | %s | %s | %s | %s | %d |\n", q.Query.Name, p.Statement, mdCode(statementLabel(p.Cypher)), mdCell(idx), mdCell(scans), lookup, hits, p.Rows)
		}
	}
	if err := lookupScanError(all); err != nil {
		fmt.Fprintf(w, "\n**Lookups that scan:** %s\n", strings.TrimPrefix(err.Error(), "-strict-index: lookups by id, name or alias that scan instead of using an index:"))
	} else {
		fmt.Fprintf(w, "\nEvery lookup by id, name or alias uses an index.\n")
	}
	fmt.Fprintf(w, "\n<details><summary>The statements</summary>\n\n")
	seen := map[string]bool{}
	for _, q := range r.Results {
		for i, s := range q.Statements {
			c := strings.TrimSpace(s.Cypher)
			if seen[c] {
				fmt.Fprintf(w, "%s #%d: as above (`%s`)\n\n", q.Query.Name, i+1, mdCode(statementLabel(c)))
				continue
			}
			seen[c] = true
			fmt.Fprintf(w, "%s #%d:\n\n```cypher\n%s\n```\n\n", q.Query.Name, i+1, c)
		}
	}
	fmt.Fprintf(w, "</details>\n")
}

// counts renders the non-zero counts ("Claim 43, Actor 29").
func counts(cs []argmap.Count) string {
	var parts []string
	for _, c := range cs {
		if c.Count > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c.Kind, c.Count))
		}
	}
	return strings.Join(parts, ", ")
}

// mdCell keeps a table cell on one line and its pipes literal.
func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}

// mdCode is mdCell for text inside backticks.
func mdCode(s string) string { return strings.ReplaceAll(mdCell(s), "`", "'") }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func cpuMS(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

func ms0(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }

func mib(b int64) string {
	if b <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func gib(b int64) string {
	if b <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
}

// sortedConcs returns the concurrency levels in ascending order, once each.
func sortedConcs(levels []int) []int {
	s := slices.Clone(levels)
	slices.Sort(s)
	return slices.Compact(s)
}
