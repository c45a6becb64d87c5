package graph_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/argmap/argmap/internal/argmap"
)

// The store tests check the answers of the explore queries in depth; these
// check that the API passes arguments and defaults through and resolves the
// nested objects.

func TestPathsQuery(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	var got struct {
		Paths []struct {
			Length int
			Actors []idOnly
			Steps  []struct {
				From, To idOnly
				Forward  bool
				Relation struct {
					ID, Type string
					From, To idOnly
					Quotes   []struct{ Exact string }
					Evidence []idOnly
				}
			}
		}
	}
	mustQuery(t, srv, `{ paths(from: "sdf", to: "muhajirun") { length actors { id } steps { from { id } to { id } forward
		relation { id type from { id } to { id } quotes { exact } evidence { id } } } } }`, nil, &got)
	if len(got.Paths) == 0 {
		t.Fatal("no path from the SDF to the muhajirun")
	}
	for _, p := range got.Paths {
		if p.Length != len(p.Steps) || len(p.Actors) != p.Length+1 || p.Actors[0].ID != "sdf" || p.Actors[p.Length].ID != "muhajirun" {
			t.Errorf("path %+v", p)
		}
		for i, s := range p.Steps {
			if s.From.ID != p.Actors[i].ID || s.To.ID != p.Actors[i+1].ID {
				t.Errorf("step %d %s→%s does not chain the path's actors", i, s.From.ID, s.To.ID)
			}
			rel := s.Relation
			if (s.Forward && (rel.From.ID != s.From.ID || rel.To.ID != s.To.ID)) || (!s.Forward && (rel.From.ID != s.To.ID || rel.To.ID != s.From.ID)) {
				t.Errorf("step %d: relation %s→%s, forward %v", i, rel.From.ID, rel.To.ID, s.Forward)
			}
			if len(rel.Quotes) == 0 || len(rel.Evidence) == 0 || rel.Type == "PART_OF" {
				t.Errorf("step %d: relation %+v lacks evidence", i, rel)
			}
		}
	}

	_, r := post(t, srv, `{ paths(from: "sdf", to: "muhajirun", maxHops: 7) { length } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.EINVALID || r.Errors[0].Extensions["field"] != "maxHops" {
		t.Errorf("maxHops 7: errors %+v", r.Errors)
	}
	_, r = post(t, srv, `{ paths(from: "sdf", to: "atlantis") { length } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.ENOTFOUND {
		t.Errorf("unknown actor: errors %+v", r.Errors)
	}
}

func TestArgumentTreeQuery(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	const thesis = "syria-anti-isis-gamble/thesis"
	var got struct {
		ArgumentTree struct {
			Root  idOnly
			Nodes []struct {
				Claim  idOnly
				Parent *idOnly
				Depth  int
				Via    *struct{ Type string }
				Cycle  bool
			}
		}
	}
	mustQuery(t, srv, `{ argumentTree(claim: "`+thesis+`", depth: 1) { root { id } nodes { claim { id } parent { id } depth via { type } cycle } } }`, nil, &got)
	tree := got.ArgumentTree
	if tree.Root.ID != thesis || len(tree.Nodes) == 0 || tree.Nodes[0].Claim.ID != thesis || tree.Nodes[0].Parent != nil {
		t.Fatalf("tree = %+v", tree)
	}
	var children, want []string
	for _, n := range tree.Nodes[1:] {
		if n.Depth != 1 || n.Parent == nil || n.Parent.ID != thesis || n.Via == nil {
			t.Errorf("node %+v", n)
		}
		children = append(children, n.Claim.ID)
	}
	for _, l := range seed.Links {
		if l.To == thesis {
			want = append(want, l.From)
		}
	}
	if !slices.Equal(sorted(children), sorted(want)) {
		t.Errorf("depth-1 children %v, want %v", sorted(children), sorted(want))
	}
}

func TestRiskChainsQuery(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	var got struct {
		RiskChains []struct {
			Length int
			Steps  []struct{ Relation struct{ Type string } }
		}
	}
	mustQuery(t, srv, `{ riskChains(actor: "hts-hardliners") { length steps { relation { type } } } }`, nil, &got)
	if len(got.RiskChains) == 0 {
		t.Fatal("no risk chain from the HTS hardliners")
	}
	risk := []string{"RISK_TO", "THREATENS", "HOSTILE_TO", "DEFECTS_TO"}
	for _, c := range got.RiskChains {
		for _, s := range c.Steps {
			if !slices.Contains(risk, s.Relation.Type) {
				t.Errorf("chain step of type %s", s.Relation.Type)
			}
		}
	}
	_, r := post(t, srv, `{ riskChains { length } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.EINVALID {
		t.Errorf("no start: errors %+v", r.Errors)
	}
}

func TestNeighbourhoodAndAggregates(t *testing.T) {
	srv, _, seed := MustSeeded(t)
	var got struct {
		Actor struct {
			Neighbourhood struct {
				Nodes     []idOnly
				Edges     []struct{ From, To idOnly }
				Truncated bool
			}
		}
		MostConnectedActors []struct {
			Actor  idOnly
			Degree int
		}
		RelationCounts []struct {
			Type  string
			Count int
		}
	}
	mustQuery(t, srv, `{ actor(id: "hts") { neighbourhood { nodes { id } edges { from { id } to { id } } truncated } }
		mostConnectedActors(first: 3) { actor { id } degree } relationCounts { type count } }`, nil, &got)
	want := []string{"hts"}
	for _, r := range seed.Relations {
		if r.From == "hts" && !slices.Contains(want, r.To) {
			want = append(want, r.To)
		}
		if r.To == "hts" && !slices.Contains(want, r.From) {
			want = append(want, r.From)
		}
	}
	if g := ids(got.Actor.Neighbourhood.Nodes); !slices.Equal(sorted(g), sorted(want)) || g[0] != "hts" || got.Actor.Neighbourhood.Truncated {
		t.Errorf("neighbourhood nodes %v, want %v", sorted(g), sorted(want))
	}
	for _, e := range got.Actor.Neighbourhood.Edges {
		if !slices.Contains(want, e.From.ID) || !slices.Contains(want, e.To.ID) {
			t.Errorf("edge %s→%s leaves the neighbourhood", e.From.ID, e.To.ID)
		}
	}
	if len(got.MostConnectedActors) != 3 || got.MostConnectedActors[0].Actor.ID != "syrian-government" {
		t.Errorf("most connected = %+v", got.MostConnectedActors)
	}
	total := 0
	for _, c := range got.RelationCounts {
		total += c.Count
	}
	if total != len(seed.Relations) || len(got.RelationCounts) != len(argmap.RelationTypes) {
		t.Errorf("relation counts sum to %d over %d types, want %d over %d", total, len(got.RelationCounts), len(seed.Relations), len(argmap.RelationTypes))
	}
}

func TestSearchQuery(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	var got struct {
		Search []struct {
			Kind    string
			Score   float64
			Snippet string
			Actor   *idOnly
			Claim   *idOnly
		}
	}
	mustQuery(t, srv, `{ search(query: "Hay'at Tahrir al-Sham", first: 5) { kind score snippet actor { id } claim { id } } }`, nil, &got)
	if len(got.Search) == 0 || got.Search[0].Kind != "ACTOR" || got.Search[0].Actor == nil || got.Search[0].Actor.ID != "hts" {
		t.Fatalf("search = %+v, want HTS first", got.Search)
	}
	mustQuery(t, srv, `{ search(query: "legitimacy", kinds: [CLAIM]) { kind score snippet actor { id } claim { id } } }`, nil, &got)
	if len(got.Search) == 0 {
		t.Fatal("no claim about legitimacy")
	}
	for _, h := range got.Search {
		if h.Kind != "CLAIM" || h.Claim == nil || h.Actor != nil || !strings.Contains(strings.ToLower(h.Snippet), "legitima") {
			t.Errorf("hit %+v", h)
		}
	}
	_, r := post(t, srv, `{ search(query: "  ") { kind } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.EINVALID {
		t.Errorf("empty query: errors %+v", r.Errors)
	}
}

// TestSearchOneStatement checks that a search with every object of its hits
// runs one statement: the search fetches the objects it returns.
func TestSearchOneStatement(t *testing.T) {
	srv, db, _ := MustSeeded(t)
	var got struct {
		Search []struct {
			Kind     string
			Actor    *struct{ ID, Name string }
			Claim    *struct{ ID, Text string }
			Document *struct{ ID, Title, Text, Sha256 string }
		}
	}
	// The first request of a server reads the graph's shape for the cost
	// model (one statement, then every 10 s): not the search's.
	mustQuery(t, srv, `{ graphStats { totalNodes } }`, nil, &struct{}{})
	before := db.Statements()
	mustQuery(t, srv, `{ search(query: "HTS", first: 100) { kind score snippet actor { id name } claim { id text } document { id title text sha256 } } }`, nil, &got)
	if n := db.Statements() - before; n != 1 {
		t.Errorf("search ran %d statements, want 1", n)
	}
	kinds := map[string]int{}
	for _, h := range got.Search {
		kinds[h.Kind]++
		switch {
		case h.Kind == "ACTOR" && (h.Actor == nil || h.Actor.Name == "" || h.Claim != nil || h.Document != nil),
			h.Kind == "CLAIM" && (h.Claim == nil || h.Claim.Text == "" || h.Actor != nil || h.Document != nil),
			h.Kind == "DOCUMENT" && (h.Document == nil || h.Document.Text == "" || h.Document.Sha256 == "" || h.Actor != nil || h.Claim != nil):
			t.Errorf("hit %+v", h)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("HTS should find all kinds, found %v", kinds)
	}
}

// TestRiskChainsToward: "what threatens HTS?" is riskChains(toward: "hts"),
// the chains that end there, longest first.
func TestRiskChainsToward(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	var got struct {
		RiskChains []struct {
			Length int
			Actors []idOnly
			Steps  []struct {
				Forward  bool
				Relation struct {
					Type string
					To   idOnly
				}
			}
		}
	}
	mustQuery(t, srv, `{ riskChains(toward: "hts") { length actors { id } steps { forward relation { type to { id } } } } }`, nil, &got)
	if len(got.RiskChains) == 0 {
		t.Fatal("nothing threatens HTS")
	}
	risk := []string{"RISK_TO", "THREATENS", "HOSTILE_TO", "DEFECTS_TO"}
	for i, c := range got.RiskChains {
		if c.Length == 0 || len(c.Actors) != c.Length+1 || c.Actors[c.Length].ID != "hts" || c.Steps[c.Length-1].Relation.To.ID != "hts" {
			t.Errorf("chain %d %v does not end at hts", i, ids(c.Actors))
		}
		if i > 0 && c.Length > got.RiskChains[i-1].Length {
			t.Errorf("chain %d is longer than chain %d: not longest first", i, i-1)
		}
		for _, s := range c.Steps {
			if !s.Forward || !slices.Contains(risk, s.Relation.Type) {
				t.Errorf("chain %d: step %+v", i, s)
			}
		}
	}
	if got.RiskChains[0].Length < 2 {
		t.Errorf("the longest chain toward hts has %d relations; the seed has chains of 2", got.RiskChains[0].Length)
	}
}

// TestExploreErrorFields: every error of paths, claimPaths and riskChains
// names, in extensions.field, an argument the field really has (read from
// the schema), the one at fault.
func TestExploreErrorFields(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	src, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gqlErr != nil {
		t.Fatal(gqlErr)
	}
	const thesis = `"syria-anti-isis-gamble/thesis"`
	for _, tt := range []struct {
		field, args string
		code, arg   string
	}{
		{"riskChains", ``, argmap.EINVALID, "actor"},
		{"riskChains", `actor: "hts", claim: ` + thesis, argmap.EINVALID, "claim"},
		{"riskChains", `actor: "sdf", toward: "hts"`, argmap.EINVALID, "toward"},
		{"riskChains", `toward: "atlantis"`, argmap.ENOTFOUND, "toward"},
		{"riskChains", `actor: "atlantis"`, argmap.ENOTFOUND, "actor"},
		{"riskChains", `claim: "syria-anti-isis-gamble/nope"`, argmap.ENOTFOUND, "claim"},
		{"riskChains", `toward: "hts", maxHops: 0`, argmap.EINVALID, "maxHops"},
		{"riskChains", `actor: "hts", first: 101`, argmap.EINVALID, "first"},
		{"paths", `from: "sdf", to: "atlantis"`, argmap.ENOTFOUND, "to"},
		{"paths", `from: "atlantis", to: "sdf", viaPartOf: true`, argmap.ENOTFOUND, "from"},
		{"paths", `from: "", to: "sdf"`, argmap.EINVALID, "from"},
		{"paths", `from: "sdf", to: "sdf"`, argmap.EINVALID, "to"},
		{"paths", `from: "sdf", to: "hts", maxHops: 7, viaPartOf: true`, argmap.EINVALID, "maxHops"},
		{"paths", `from: "sdf", to: "hts", first: 0`, argmap.EINVALID, "first"},
		{"claimPaths", `from: ` + thesis + `, to: "syria-anti-isis-gamble/nope"`, argmap.ENOTFOUND, "to"},
		{"claimPaths", `from: "", to: ` + thesis, argmap.EINVALID, "from"},
	} {
		t.Run(tt.field+"("+tt.args+")", func(t *testing.T) {
			q := "{ " + tt.field + " { length } }"
			if tt.args != "" {
				q = "{ " + tt.field + "(" + tt.args + ") { length } }"
			}
			_, r := post(t, srv, q)
			if len(r.Errors) != 1 {
				t.Fatalf("errors %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != tt.code || e.Extensions["field"] != tt.arg {
				t.Errorf("code %v field %v (%q), want %s %s", e.Extensions["code"], e.Extensions["field"], e.Message, tt.code, tt.arg)
			}
			def := schema.Query.Fields.ForName(tt.field)
			if name, _ := e.Extensions["field"].(string); def == nil || def.Arguments.ForName(name) == nil {
				t.Errorf("extensions.field %q is not an argument of %s", name, tt.field)
			}
		})
	}
}

// TestPathsViaPartOf: with viaPartOf the SDF reach the muhajirun through
// the jihadist factions they are part of, one hop shorter, and the part-of
// step says what it is.
func TestPathsViaPartOf(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	type step struct {
		From, To idOnly
		Forward  bool
		Kind     string
		Relation *struct{ ID string }
		PartOf   *struct {
			Part, Whole idOnly
			Document    idOnly
		}
	}
	var got struct {
		Without []struct{ Length int }
		With    []struct {
			Length int
			Actors []idOnly
			Steps  []step
		}
	}
	const steps = `steps { from { id } to { id } forward kind relation { id } partOf { part { id } whole { id } document { id } } }`
	mustQuery(t, srv, `{ without: paths(from: "sdf", to: "muhajirun", maxHops: 6) { length }
		with: paths(from: "sdf", to: "muhajirun", maxHops: 6, viaPartOf: true, directed: true) { length actors { id } `+steps+` } }`, nil, &got)
	if len(got.Without) == 0 || len(got.With) == 0 || got.With[0].Length != got.Without[0].Length-1 {
		t.Fatalf("paths of %+v without part-of, %+v with", got.Without, got.With)
	}
	partOf := 0
	for _, p := range got.With {
		if got := ids(p.Actors); got[0] != "sdf" || got[len(got)-1] != "muhajirun" {
			t.Errorf("path %v", got)
		}
		for i, s := range p.Steps {
			if s.From.ID != p.Actors[i].ID || s.To.ID != p.Actors[i+1].ID {
				t.Errorf("step %d %s→%s does not chain the path's actors", i, s.From.ID, s.To.ID)
			}
			switch {
			case s.Kind == "RELATION" && s.Relation != nil && s.PartOf == nil && s.Forward:
			case s.Kind == "PART_OF" && s.Relation == nil && s.PartOf != nil:
				partOf++
				part, whole := s.From.ID, s.To.ID
				if !s.Forward {
					part, whole = whole, part
				}
				if s.PartOf.Part.ID != part || s.PartOf.Whole.ID != whole || s.PartOf.Document.ID != "syria-anti-isis-gamble" {
					t.Errorf("step %d: part-of %+v, forward %v", i, *s.PartOf, s.Forward)
				}
			default:
				t.Errorf("step %d: %+v", i, s)
			}
		}
	}
	if partOf == 0 {
		t.Error("no part-of step")
	}
}
