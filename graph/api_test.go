package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

const seedPath = "../data/seed/syria-anti-isis-gamble.yaml"

// MustSeeded returns a server over a test database holding the seed map,
// the store (to count statements) and the seed map as the loader read it
// (the expectations of the tests).
func MustSeeded(tb testing.TB) (*httptest.Server, *neo4j.DB, *argmap.Map) {
	tb.Helper()
	db := neo4jtest.MustOpen(tb)
	m, err := mapfile.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ImportMap(context.Background(), m, nil); err != nil {
		tb.Fatal(err)
	}
	return MustServer(tb, db, io.Discard), db, m
}

// mustQuery runs a query that must succeed and decodes its data.
func mustQuery(tb testing.TB, srv *httptest.Server, query string, vars map[string]any, into any) {
	tb.Helper()
	status, r := postVars(tb, srv, query, vars)
	if status != http.StatusOK || len(r.Errors) > 0 {
		tb.Fatalf("status %d, errors %+v", status, r.Errors)
	}
	b, _ := json.Marshal(r.Data)
	if err := json.Unmarshal(b, into); err != nil {
		tb.Fatal(err)
	}
}

type idOnly struct{ ID string }

func ids(xs []idOnly) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.ID
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestActorQuery(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	var got struct {
		Actor struct {
			ID, Name, Type string
			Aliases        []string
			PartOf, Parts  []idOnly
			ClaimCount     int
			Relations      []struct {
				ID, Type, Modality, Direction string
				Other                         idOnly
				Evidence                      []idOnly
				Quotes                        []struct {
					Exact      string
					Start, End int
					Document   idOnly
				}
			}
		}
	}
	mustQuery(t, srv, `{ actor(id: "hts") { id name type aliases partOf { id } parts { id } claimCount
		relations { id type modality direction other { id } evidence { id } quotes { exact start end document { id } } } } }`, nil, &got)

	a := got.Actor
	if a.Name != "Hay’at Tahrir al-Sham" || a.Type != "POLITICAL_PARTY" || !slices.Contains(a.Aliases, "HTS") {
		t.Errorf("actor = %+v", a)
	}
	if want := []string{"hts-hardliners", "hts-pragmatists"}; !slices.Equal(sorted(ids(a.Parts)), want) {
		t.Errorf("parts = %v, want %v", ids(a.Parts), want)
	}
	// Expectations from the seed map itself.
	var wantRels []string
	for _, r := range seed.Relations {
		if r.From == "hts" || r.To == "hts" {
			wantRels = append(wantRels, r.ID)
		}
	}
	var gotRels []string
	text := []rune(seed.Document.Text)
	for _, r := range a.Relations {
		gotRels = append(gotRels, r.ID)
		want := seedRelation(seed, r.ID)
		wantDir, wantOther := "OUT", want.To
		if want.To == "hts" {
			wantDir, wantOther = "IN", want.From
		}
		if r.Direction != wantDir || r.Other.ID != wantOther || r.Type != strings.ToUpper(string(want.Type)) {
			t.Errorf("relation %s: %s %s other %s, want %s %s other %s", r.ID, r.Type, r.Direction, r.Other.ID, want.Type, wantDir, wantOther)
		}
		if len(r.Evidence) == 0 || len(r.Quotes) == 0 {
			t.Errorf("relation %s without evidence or quotes", r.ID)
		}
		for _, q := range r.Quotes {
			if string(text[q.Start:q.End]) != q.Exact || q.Document.ID != seed.Document.ID {
				t.Errorf("relation %s: quote %+v does not match the text", r.ID, q)
			}
		}
	}
	if !slices.Equal(sorted(gotRels), sorted(wantRels)) {
		t.Errorf("relations = %v, want %v", sorted(gotRels), sorted(wantRels))
	}
	mentions := 0
	for _, c := range seed.Claims {
		for _, m := range c.Mentions {
			if m.ActorID == "hts" {
				mentions++
				break
			}
		}
	}
	if a.ClaimCount != mentions {
		t.Errorf("claimCount = %d, want %d", a.ClaimCount, mentions)
	}
}

func seedRelation(m *argmap.Map, id string) argmap.Relation {
	for _, r := range m.Relations {
		if r.ID == id {
			return r
		}
	}
	return argmap.Relation{}
}

func TestRelationsFilters(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	count := func(pred func(argmap.Relation) bool) int {
		n := 0
		for _, r := range seed.Relations {
			if pred(r) {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name, args string
		want       int
	}{
		{"all", ``, count(func(r argmap.Relation) bool { return r.From == "syrian-government" || r.To == "syrian-government" })},
		{"out", `(direction: OUT)`, count(func(r argmap.Relation) bool { return r.From == "syrian-government" })},
		{"in", `(direction: IN)`, count(func(r argmap.Relation) bool { return r.To == "syrian-government" })},
		{"types", `(types: [HOSTILE_TO, OPPOSES])`, count(func(r argmap.Relation) bool {
			return (r.From == "syrian-government" || r.To == "syrian-government") && (r.Type == argmap.RelHostileTo || r.Type == argmap.RelOpposes)
		})},
		{"modality", `(modality: POTENTIAL)`, count(func(r argmap.Relation) bool {
			return (r.From == "syrian-government" || r.To == "syrian-government") && r.Modality == argmap.RelationPotential
		})},
		{"published before the article", `(published: {to: "2025-01-01"})`, 0},
		{"first", `(first: 2)`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Actor struct{ Relations []idOnly } }
			mustQuery(t, srv, `{ actor(id: "syrian-government") { relations`+tt.args+` { id } } }`, nil, &got)
			if len(got.Actor.Relations) != tt.want {
				t.Errorf("%d relations, want %d", len(got.Actor.Relations), tt.want)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	for _, q := range []string{`{ actor(id: "atlantis") { id } }`, `{ claim(id: "x/y") { id } }`, `{ document(id: "nope") { id } }`} {
		t.Run(q, func(t *testing.T) {
			_, r := post(t, srv, q)
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.ENOTFOUND {
				t.Fatalf("errors = %+v, want one NOT_FOUND", r.Errors)
			}
			for _, v := range r.Data {
				if string(v) != "null" {
					t.Errorf("data = %s, want null", v)
				}
			}
		})
	}
}

// TestActorsPagination walks every page of actors and checks that the
// pages join into the whole ordered list without duplicates or gaps.
func TestActorsPagination(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	for _, order := range []string{"NAME", "ID"} {
		t.Run(order, func(t *testing.T) {
			var seen []string
			var names []string
			after := ""
			for page := 0; page < 20; page++ {
				var got struct {
					Actors struct {
						TotalCount int
						Edges      []struct {
							Cursor string
							Node   struct{ ID, Name string }
						}
						PageInfo struct {
							HasNextPage bool
							EndCursor   *string
						}
					}
				}
				mustQuery(t, srv, `query($after: String, $order: ActorOrder) { actors(first: 7, after: $after, orderBy: $order) {
					totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`,
					map[string]any{"after": nilIfEmpty(after), "order": order}, &got)
				if got.Actors.TotalCount != len(seed.Actors) {
					t.Fatalf("totalCount = %d, want %d", got.Actors.TotalCount, len(seed.Actors))
				}
				for _, e := range got.Actors.Edges {
					seen = append(seen, e.Node.ID)
					names = append(names, strings.ToLower(e.Node.Name))
				}
				if !got.Actors.PageInfo.HasNextPage {
					break
				}
				after = *got.Actors.PageInfo.EndCursor
			}
			var want []string
			for _, a := range seed.Actors {
				want = append(want, a.ID)
			}
			if !slices.Equal(sorted(seen), sorted(want)) || len(seen) != len(want) {
				t.Errorf("pages hold %d actors %v, want the %d of the seed", len(seen), seen, len(want))
			}
			if order == "NAME" && !slices.IsSorted(names) {
				t.Errorf("not in name order: %v", names)
			}
			if order == "ID" && !slices.IsSorted(seen) {
				t.Errorf("not in id order: %v", seen)
			}
		})
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestActorsFilter(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	tests := []struct {
		name, filter string
		want         []string
	}{
		{"folded alias", `{name: "Hay'at Tahrir"}`, []string{"hts"}},
		{"plain spelling", `{name: "HAYAT TAHRIR AL-SHAM"}`, []string{"hts"}},
		{"short alias", `{name: "sdf"}`, []string{"sdf"}},
		{"type", `{types: [PERSON]}`, []string{"al-sharaa"}},
		{"type and name", `{types: [FACTION], name: "hts"}`, []string{"hts-hardliners", "hts-pragmatists"}},
		{"document", `{documentId: "no-such-document"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Actors struct{ Nodes []idOnly } }
			mustQuery(t, srv, `{ actors(first: 100, filter: `+tt.filter+`) { nodes { id } } }`, nil, &got)
			if g := sorted(ids(got.Actors.Nodes)); !slices.Equal(g, tt.want) && !(len(g) == 0 && tt.want == nil) {
				t.Errorf("got %v, want %v", g, tt.want)
			}
		})
	}
}

func TestClaimsQuery(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	roleCount := map[argmap.ClaimRole]int{}
	for _, c := range seed.Claims {
		roleCount[c.Role]++
	}
	t.Run("all pages in text order", func(t *testing.T) {
		var all []string
		after := ""
		for i := 0; i < 20; i++ {
			var got struct {
				Claims struct {
					Nodes    []idOnly
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			mustQuery(t, srv, `query($after: String) { claims(first: 10, after: $after, filter: {documentId: "syria-anti-isis-gamble"}) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
				map[string]any{"after": nilIfEmpty(after)}, &got)
			all = append(all, ids(got.Claims.Nodes)...)
			if !got.Claims.PageInfo.HasNextPage {
				break
			}
			after = *got.Claims.PageInfo.EndCursor
		}
		if len(all) != len(seed.Claims) {
			t.Fatalf("%d claims over all pages, want %d", len(all), len(seed.Claims))
		}
		starts := map[string]int{}
		for _, c := range seed.Claims {
			starts[c.ID] = c.Quotes[0].Start
			for _, q := range c.Quotes {
				starts[c.ID] = min(starts[c.ID], q.Start)
			}
		}
		for i := 1; i < len(all); i++ {
			if starts[all[i-1]] > starts[all[i]] {
				t.Errorf("%s (at %d) listed before %s (at %d)", all[i-1], starts[all[i-1]], all[i], starts[all[i]])
			}
		}
	})
	filters := []struct {
		name, filter string
		want         int
	}{
		{"thesis", `{roles: [THESIS]}`, roleCount[argmap.RoleThesis]},
		{"counterpoints", `{roles: [COUNTERPOINT]}`, roleCount[argmap.RoleCounterpoint]},
		{"text", `{text: "LEGITIMACY"}`, countClaims(seed, func(c argmap.Claim) bool { return strings.Contains(strings.ToLower(c.Text), "legitimacy") })},
		{"actor", `{actorId: "sdf"}`, countClaims(seed, func(c argmap.Claim) bool {
			return slices.ContainsFunc(c.Mentions, func(m argmap.Mention) bool { return m.ActorID == "sdf" })
		})},
		{"hedging", `{hedgings: [CONDITIONAL, REPORTED]}`, countClaims(seed, func(c argmap.Claim) bool {
			return c.Hedging == argmap.HedgingConditional || c.Hedging == argmap.HedgingReported
		})},
		{"published in range", `{published: {from: "2025-11-01", to: "2025-11-30"}}`, len(seed.Claims)},
		{"published before", `{published: {to: "2025-11-24"}}`, 0},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Claims struct{ TotalCount int } }
			mustQuery(t, srv, `{ claims(filter: `+tt.filter+`) { totalCount } }`, nil, &got)
			if got.Claims.TotalCount != tt.want {
				t.Errorf("totalCount = %d, want %d", got.Claims.TotalCount, tt.want)
			}
		})
	}
}

func countClaims(m *argmap.Map, pred func(argmap.Claim) bool) int {
	n := 0
	for _, c := range m.Claims {
		if pred(c) {
			n++
		}
	}
	return n
}

func TestClaimArgument(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	const thesis = "syria-anti-isis-gamble/thesis"
	var got struct {
		Claim struct {
			Text                    string
			Role, Modality, Hedging string
			SupportedBy, AttackedBy []idOnly
			Supports                []idOnly
			Document                struct{ Title string }
			Links                   []struct {
				ID, Type        string
				Kind            *string
				From, To        idOnly
				UndercutsLinkID *string
			}
		}
	}
	mustQuery(t, srv, `{ claim(id: "`+thesis+`") { text role modality hedging supportedBy { id } attackedBy { id } supports { id }
		document { title } links(direction: IN) { id type kind from { id } to { id } undercutsLinkId } } }`, nil, &got)
	var wantSup, wantAtt, wantSupports []string
	for _, l := range seed.Links {
		switch {
		case l.To == thesis && l.Type == argmap.LinkSupports:
			wantSup = append(wantSup, l.From)
		case l.To == thesis && l.Type == argmap.LinkAttacks:
			wantAtt = append(wantAtt, l.From)
		case l.From == thesis && l.Type == argmap.LinkSupports:
			wantSupports = append(wantSupports, l.To)
		}
	}
	c := got.Claim
	if c.Role != "THESIS" || c.Modality != "RISK" || c.Hedging != "POSSIBLE" || c.Document.Title != seed.Document.Title {
		t.Errorf("claim = %+v", c)
	}
	for _, x := range []struct {
		name      string
		got, want []string
	}{{"supportedBy", ids(c.SupportedBy), wantSup}, {"attackedBy", ids(c.AttackedBy), wantAtt}, {"supports", ids(c.Supports), wantSupports}} {
		if !slices.Equal(sorted(x.got), sorted(x.want)) {
			t.Errorf("%s = %v, want %v", x.name, sorted(x.got), sorted(x.want))
		}
	}
	if len(c.Links) != len(wantSup)+len(wantAtt) {
		t.Errorf("%d incoming links, want %d", len(c.Links), len(wantSup)+len(wantAtt))
	}
	for _, l := range c.Links {
		if l.To.ID != thesis || (l.Type == "ATTACKS") != (l.Kind != nil) {
			t.Errorf("link %+v", l)
		}
	}

	// An undercut names the inference it attacks.
	var under struct {
		Claim struct {
			Links []struct {
				Kind            *string
				UndercutsLinkID *string
			}
		}
	}
	mustQuery(t, srv, `{ claim(id: "syria-anti-isis-gamble/neither-step") { links(direction: OUT, type: ATTACKS) { kind undercutsLinkId } } }`, nil, &under)
	if len(under.Claim.Links) != 2 {
		t.Fatalf("neither-step attacks: %+v", under.Claim.Links)
	}
	for _, l := range under.Claim.Links {
		if l.Kind == nil || *l.Kind != "UNDERCUT" || l.UndercutsLinkID == nil || !strings.HasPrefix(*l.UndercutsLinkID, "syria-anti-isis-gamble/l-") {
			t.Errorf("undercut link = kind %v target %v", l.Kind, l.UndercutsLinkID)
		}
	}
}

func TestDocumentQuery(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	var got struct {
		Document struct {
			Title, Published, Sha256 string
			Claims                   []idOnly
		}
		Documents struct {
			TotalCount int
			Nodes      []idOnly
		}
	}
	mustQuery(t, srv, `{ document(id: "syria-anti-isis-gamble") { title published sha256 claims { id } } documents { totalCount nodes { id } } }`, nil, &got)
	d := got.Document
	if d.Title != seed.Document.Title || d.Published != "2025-11-25" || d.Sha256 != seed.Document.SHA256 || len(d.Claims) != len(seed.Claims) {
		t.Errorf("document = %+v (%d claims)", d, len(d.Claims))
	}
	if got.Documents.TotalCount != 1 || len(got.Documents.Nodes) != 1 {
		t.Errorf("documents = %+v", got.Documents)
	}
}

func TestArgumentErrors(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	tests := []struct {
		name, query, field string
	}{
		{"first too small", `{ actors(first: 0) { totalCount } }`, "first"},
		{"first too large", `{ claims(first: 101) { totalCount } }`, "first"},
		{"nested first", `{ actor(id: "hts") { claims(first: 500) { id } } }`, "first"},
		{"relations first", `{ actor(id: "hts") { relations(first: 0) { id } } }`, "first"},
		{"bad cursor", `{ actors(after: "not-a-cursor") { totalCount } }`, "after"},
		{"cursor of another list", `{ claims(after: "WyJhY3RvcnM6TkFNRSIsImEiLCJiIl0") { totalCount } }`, "after"},
		{"neighbourhood depth", `{ actor(id: "hts") { neighbourhood(depth: 4) { nodes { id } } } }`, "depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := post(t, srv, tt.query)
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != argmap.EINVALID || e.Extensions["field"] != tt.field {
				t.Errorf("error = %+v, want BAD_USER_INPUT on %s", e, tt.field)
			}
		})
	}
}

// TestStatementBound checks that a nested query runs a number of Cypher
// statements that does not grow with the number of rows.
func TestStatementBound(t *testing.T) {
	_, db, _ := MustSeeded(t)
	// A loader waits for sibling fields before it queries; on a slow machine
	// (under -race) a sibling can miss a short wait and cost a second
	// statement. This test is about the batching, not the timing: it gives
	// the loaders ample time so that every batch is complete.
	opts := graph.DefaultOptions()
	opts.LoaderWait = 25 * time.Millisecond
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db}, opts, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	const q = `query($n: Int) { actors(first: $n) { nodes { id name partOf { name } parts { name } claimCount
		relations { type other { name } evidence { text quotes { exact document { title } } } quotes { exact } }
		claims(first: 5) { text actors { actor { name } } supportedBy { text } } } } }`
	statements := func(n int) int64 {
		before := db.Statements()
		var got struct{ Actors struct{ Nodes []idOnly } }
		mustQuery(t, srv, q, map[string]any{"n": n}, &got)
		if len(got.Actors.Nodes) != min(n, 29) {
			t.Fatalf("%d actors, want %d", len(got.Actors.Nodes), min(n, 29))
		}
		return db.Statements() - before
	}
	small, large := statements(2), statements(50)
	t.Logf("statements: %d for 2 actors, %d for 29 actors", small, large)
	// The query has four levels of nesting and eleven loaded fields; with
	// every batch complete, it needs a fixed number of statements whatever
	// the number of rows. One statement per row (N+1) on even one field
	// would add 27.
	if large > 16 {
		t.Errorf("the nested query over 29 actors ran %d statements, want at most 16", large)
	}
	if large > small+2 {
		t.Errorf("statements grow with rows: %d for 2 actors, %d for 29", small, large)
	}
}

func TestGraphQLOverHTTP(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	for _, accept := range []string{"application/graphql-response+json", "application/json", ""} {
		t.Run(fmt.Sprintf("accept %q", accept), func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"query":"{ actor(id: \"hts\") { name } }"}`))
			req.Header.Set("Content-Type", "application/json")
			if accept != "" {
				req.Header.Set("Accept", accept)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			status, r := decode(t, res)
			if status != http.StatusOK || len(r.Errors) > 0 || !strings.Contains(string(r.Data["actor"]), "Tahrir") {
				t.Errorf("status %d, data %s, errors %+v", status, r.Data["actor"], r.Errors)
			}
			ct := res.Header.Get("Content-Type")
			if want := strings.TrimPrefix(accept, ""); want != "" && !strings.HasPrefix(ct, want) {
				t.Errorf("Content-Type = %q, want %q", ct, want)
			}
		})
	}
}
