package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// optsServer serves the real handler over db with changed options.
func optsServer(tb testing.TB, db *neo4j.DB, change func(*graph.Options)) *httptest.Server {
	tb.Helper()
	opts := graph.DefaultOptions()
	if change != nil {
		change(&opts)
	}
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, opts, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// wantLimit checks a refusal for exceeding the named limit.
func wantLimit(t *testing.T, status int, r response, limit string, max int) {
	t.Helper()
	if status < 400 || status >= 500 {
		t.Errorf("status %d, want 4xx", status)
	}
	if len(r.Errors) != 1 || r.Data != nil {
		t.Fatalf("errors %+v data %s, want one error and no data", r.Errors, r.Data)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != argmap.EINVALID || e.Extensions["limit"] != limit || e.Extensions["max"] != float64(max) {
		t.Errorf("error %+v, want BAD_USER_INPUT limit %s max %d", e, limit, max)
	}
	if !strings.Contains(e.Message, fmt.Sprint(max)) {
		t.Errorf("message %q does not name the limit %d", e.Message, max)
	}
}

func wantOK(t *testing.T, status int, r response) {
	t.Helper()
	if status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("status %d errors %+v", status, r.Errors)
	}
}

// nest wraps leaf in n levels of actor → claims → actor … (depth 2 per pair).
func nested(levels int) string {
	// actor(id) is depth 1; each "claims { actors { actor {" adds 3.
	q := "id"
	for i := 0; i < levels; i++ {
		q = "claims(first: 1) { actors { actor { " + q + " } } }"
	}
	return `{ actor(id: "hts") { ` + q + ` } }`
}

func TestLimits(t *testing.T) {
	srv, db, _ := MustSeeded(t)

	t.Run("depth", func(t *testing.T) {
		// nested(n) is 2 + 3n deep (the leaf id counts): n = 3 is 11.
		s := optsServer(t, db, func(o *graph.Options) { o.MaxDepth = 11 })
		status, r := post(t, s, nested(3))
		wantOK(t, status, r)
		// 12 levels: one more, through a fragment and an inline fragment.
		q := `{ actor(id: "hts") { ...C } } fragment C on Actor { claims(first: 1) { ... on Claim { actors { actor { claims(first: 1) { actors { actor { claims(first: 1) { actors { actor { id parts { id } } } } } } } } } } } }`
		status, r = post(t, s, q)
		wantLimit(t, status, r, "depth", 11)
		if r.Errors[0].Extensions["found"] != float64(12) {
			t.Errorf("found = %v, want 12", r.Errors[0].Extensions["found"])
		}
	})

	t.Run("aliases", func(t *testing.T) {
		aliases := func(n int) string {
			var b strings.Builder
			b.WriteString("{ graphStats { ")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "a%d: totalNodes ", i)
			}
			return b.String() + "} }"
		}
		status, r := post(t, srv, aliases(30))
		wantOK(t, status, r)
		status, r = post(t, srv, aliases(31))
		wantLimit(t, status, r, "aliases", 30)
	})

	t.Run("root fields", func(t *testing.T) {
		root := func(n int) string {
			return "{ " + strings.Repeat("relationCounts { count } ", n) + "}"
		}
		status, r := post(t, srv, root(20))
		wantOK(t, status, r)
		status, r = post(t, srv, root(21))
		wantLimit(t, status, r, "rootFields", 20)
	})

	t.Run("directives", func(t *testing.T) {
		dirs := func(n int) string {
			return "{ graphStats { " + strings.Repeat("totalNodes @include(if: true) ", n) + "} }"
		}
		status, r := post(t, srv, dirs(50))
		wantOK(t, status, r)
		status, r = post(t, srv, dirs(51))
		wantLimit(t, status, r, "directives", 50)
	})

	t.Run("complexity", func(t *testing.T) {
		small := `{ actors(first: 5) { nodes { claims(first: 5) { text actors { actor { relations(first: 5) { id } } } } } } }`
		status, r := post(t, srv, small)
		wantOK(t, status, r)
		var ext struct {
			Extensions struct{ Cost graph.Cost }
		}
		res, _ := http.Post(srv.URL, "application/json", strings.NewReader(`{"query":`+jsonString(small)+`}`))
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if err := json.Unmarshal(b, &ext); err != nil || ext.Extensions.Cost.Complexity <= 0 || ext.Extensions.Cost.Limit != 100000 {
			t.Errorf("extensions.cost = %+v (%v) in %s", ext.Extensions.Cost, err, b)
		}
		t.Logf("small nested query: cost %+v", ext.Extensions.Cost)
		// Over the limit on the stored graph: every list as long as the
		// seed map allows, nested twice over.
		big := `{ actors(first: 100) { nodes { claims(first: 100) { actors { actor { relations(first: 100) { evidence { actors { actor { relations(first: 100) { id } } } } } } } } } } }`
		status, r = post(t, srv, big)
		wantLimit(t, status, r, "complexity", 100000)

		// At the limit and just over it.
		c := ext.Extensions.Cost.Complexity
		s := optsServer(t, db, func(o *graph.Options) { o.MaxComplexity = c })
		status, r = post(t, s, small)
		wantOK(t, status, r)
		s = optsServer(t, db, func(o *graph.Options) { o.MaxComplexity = c - 1 })
		status, r = post(t, s, small)
		wantLimit(t, status, r, "complexity", c-1)
	})

	t.Run("complexity saturates", func(t *testing.T) {
		// 2147483647^5 overflows int64 many times over; a wrapping product
		// could come out small or negative and be let through. Depth 11.
		q := `{ actors(first: 2147483647) { nodes { claims(first: 2147483647) { actors { actor { relations(first: 2147483647) { evidence { document { claims(first: 2147483647) { document { claims(first: 2147483647) { id } } } } } } } } } } } }`
		status, r := postVars(t, srv, q, nil)
		wantLimit(t, status, r, "complexity", 100000)
		if f, _ := r.Errors[0].Extensions["found"].(float64); f < 1e18 {
			t.Errorf("found = %v, want saturated at MaxInt", r.Errors[0].Extensions["found"])
		}
		// The same through variables.
		q = `query($n: Int) { actors(first: $n) { nodes { claims(first: $n) { actors { actor { relations(first: $n) { evidence { document { claims(first: $n) { document { claims(first: $n) { id } } } } } } } } } } } }`
		status, r = postVars(t, srv, q, map[string]any{"n": 2147483647})
		wantLimit(t, status, r, "complexity", 100000)
	})

	t.Run("body size", func(t *testing.T) {
		s := optsServer(t, db, func(o *graph.Options) { o.MaxBodyBytes = 1000 })
		body := func(n int) []byte {
			// A JSON body of exactly n bytes.
			pre := `{"query":"{ graphStats { totalNodes } }","extensions":{"pad":"`
			return []byte(pre + strings.Repeat("x", n-len(pre)-3) + `"}}`)
		}
		res, err := http.Post(s.URL, "application/json", bytes.NewReader(body(1000)))
		if err != nil {
			t.Fatal(err)
		}
		status, r := decode(t, res)
		wantOK(t, status, r)
		res, err = http.Post(s.URL, "application/json", bytes.NewReader(body(1001)))
		if err != nil {
			t.Fatal(err)
		}
		status, r = decode(t, res)
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", status)
		}
		wantLimit(t, status, r, "bodyBytes", 1000)
		// Chunked (no Content-Length): cut while reading.
		req, _ := http.NewRequest(http.MethodPost, s.URL, io.MultiReader(bytes.NewReader(body(1001))))
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = -1
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		status, r = decode(t, res)
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked: status %d, want 413", status)
		}
		wantLimit(t, status, r, "bodyBytes", 1000)
	})

	t.Run("introspection off", func(t *testing.T) {
		status, r := post(t, srv, `{ __schema { queryType { name } } }`)
		wantOK(t, status, r)
		s := optsServer(t, db, func(o *graph.Options) { o.Introspection = false })
		for _, q := range []string{`{ __schema { queryType { name } } }`, `{ __type(name: "Actor") { name } }`, `{ ...F } fragment F on Query { __schema { types { name } } }`} {
			status, r := post(t, s, q)
			if status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.EINVALID || r.Data != nil {
				t.Errorf("%s: status %d errors %+v data %s", q, status, r.Errors, r.Data)
			}
		}
		status, r = post(t, s, `{ __typename graphStats { __typename } }`)
		wantOK(t, status, r)
	})

	t.Run("suggestions off", func(t *testing.T) {
		const q = `{ graphStats { totalNode } actors(frist: 1) { totalCount } }`
		_, r := post(t, srv, q)
		if len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "Did you mean") {
			t.Fatalf("suggestions on: errors %+v, want a Did you mean", r.Errors)
		}
		s := optsServer(t, db, func(o *graph.Options) { o.FieldSuggestions = false })
		_, r = post(t, s, q)
		if len(r.Errors) < 2 {
			t.Fatalf("errors %+v, want two", r.Errors)
		}
		for _, e := range r.Errors {
			if strings.Contains(e.Message, "Did you mean") || strings.Contains(e.Message, "totalNodes") || strings.Contains(e.Message, `"first"`) {
				t.Errorf("suggestions off: message %q suggests", e.Message)
			}
		}
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestRepeatedFieldsStayFast measures the worst case the limits admit for
// gqlparser's quadratic OverlappingFieldsCanBeMerged rule: one field
// repeated as often as MaxFields allows, and, for comparison, as often as
// the token limit alone would allow.
func TestRepeatedFieldsStayFast(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	// @skip: validation runs in full, no resolver does (the time measured
	// is the handler's, not Neo4j's).
	repeated := func(n int) string {
		return "{ __typename graphStats @skip(if: true) { " + strings.Repeat("totalNodes ", n) + "} }"
	}
	timed := func(srv *httptest.Server, q string) (time.Duration, int, response) {
		start := time.Now()
		status, r := post(t, srv, q)
		return time.Since(start), status, r
	}
	// The worst admitted: MaxFields minus the other names (__typename,
	// graphStats, skip, if, true).
	srv := optsServer(t, db, nil)
	n := graph.DefaultOptions().MaxFields - 5
	timed(srv, repeated(10)) // warm up
	d, status, r := timed(srv, repeated(n))
	wantOK(t, status, r)
	t.Logf("%d repeated fields (admitted): %v", n, d)
	if d > 500*time.Millisecond {
		t.Errorf("the largest admitted repeated-field query took %v", d)
	}
	d, status, r = timed(srv, repeated(14000))
	t.Logf("14000 repeated fields, refused by the name scan: %v (status %d)", d, status)
	wantLimit(t, status, r, "fields", graph.DefaultOptions().MaxFields)
	// Without the name scan, the token limit alone admits 14000 fields
	// (7.3 s when measured).
	if testing.Short() {
		return
	}
	raw := optsServer(t, db, func(o *graph.Options) { o.MaxFields = 0 })
	d, _, _ = timed(raw, repeated(14000))
	t.Logf("14000 repeated fields, token limit only: %v", d)
}

// cost is what a query was measured at (extensions.cost.complexity); the
// query must succeed.
func cost(t *testing.T, srv *httptest.Server, token, query string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"query":`+jsonString(query)+`}`))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Errors     []any
		Extensions struct{ Cost graph.Cost }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 || out.Extensions.Cost.Complexity <= 0 {
		t.Fatalf("%s: errors %v, cost %+v (%v)", query, out.Errors, out.Extensions.Cost, err)
	}
	return out.Extensions.Cost.Complexity
}

// TestComplexityFollowsStoredGraph: a nested list costs what it can hold
// on the stored graph, so every actor's hostile relations fit in one query
// (refused at 29 actors when relations cost their page size of 50), and
// the cost grows with the graph, re-read after a mutation.
func TestComplexityFollowsStoredGraph(t *testing.T) {
	srv, db, m := MustSeeded(t)
	hostile := `{ actors(first: 100) { nodes { id name relations(types: [HOSTILE_TO]) { type modality from { id name } to { id name }
		evidence { id text quotes { exact } } quotes { exact start end } } } } }`
	if c := cost(t, srv, "", hostile); c > 100000 {
		t.Errorf("cost %d", c)
	}
	n := len(m.Actors)
	ids := func(first int) string { return fmt.Sprintf(`{ actors(first: %d) { nodes { id } } }`, first) }
	if all, exact, fewer := cost(t, srv, "", ids(100)), cost(t, srv, "", ids(n)), cost(t, srv, "", ids(n-1)); all != exact || fewer >= exact {
		t.Errorf("actors(first: 100) costs %d, actors(first: %d) %d, actors(first: %d) %d: want the first two equal and the last less", all, n, exact, n-1, fewer)
	}
	// The most hostile relations any seed actor has bounds relations(types: [HOSTILE_TO]).
	rels := func(first int) string {
		return fmt.Sprintf(`{ actor(id: "hts") { relations(types: [HOSTILE_TO], first: %d) { id } } }`, first)
	}
	most := map[string]int{}
	for _, r := range m.Relations {
		if r.Type == argmap.RelHostileTo {
			most[r.From]++
			most[r.To]++
		}
	}
	k := 0
	for _, c := range most {
		k = max(k, c)
	}
	if got, want := cost(t, srv, "", rels(50)), cost(t, srv, "", rels(k)); k == 0 || got != want {
		t.Errorf("relations(types: [HOSTILE_TO], first: 50) costs %d, first: %d (the most hostile relations of an actor) %d", got, k, want)
	}

	w := MustWriteServer(t, db, false)
	before := cost(t, w, "", ids(100))
	if r := do(t, w, writeToken, createActor, map[string]any{"id": "hamas"}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if after := cost(t, w, "", ids(100)); after != cost(t, w, "", ids(n+1)) || after <= before {
		t.Errorf("after a new actor actors(first: 100) costs %d (was %d), want the cost of %d actors", after, before, n+1)
	}
}
