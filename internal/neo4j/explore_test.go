package neo4j_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// The expectations of these tests are computed in Go from the seed map (as
// ImportMap completes it: actor references resolved, ids qualified), by
// straightforward graph walks that share nothing with the Cypher under test.

const seedDoc = "syria-anti-isis-gamble"

// seedClaim qualifies a local claim id of the seed map.
func seedClaim(local string) string { return seedDoc + "/" + local }

// mustSeedDB returns a store holding exactly the seed map, and the map.
func mustSeedDB(t *testing.T) (*neo4j.DB, *argmap.Map) {
	t.Helper()
	db := neo4jtest.MustOpen(t)
	m := MustSeed(t)
	MustImport(t, db, m)
	return db, m
}

// wantCode fails the test unless err carries code (and, when field is not
// empty, names field).
func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	if got := argmap.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (%v)", got, code, err)
	}
	if field != "" && argmap.ErrorField(err) != field {
		t.Errorf("error field = %q, want %q (%v)", argmap.ErrorField(err), field, err)
	}
}

// edge is one relation or link of the map as a graph walk sees it.
type edge struct {
	id, from, to string
	typ          string
}

func relationEdges(m *argmap.Map, types []argmap.RelationType) []edge {
	var out []edge
	for _, r := range m.Relations {
		if len(types) == 0 || slices.Contains(types, r.Type) {
			out = append(out, edge{id: r.ID, from: r.From, to: r.To, typ: string(r.Type)})
		}
	}
	return out
}

func linkEdges(m *argmap.Map) []edge {
	var out []edge
	for _, l := range m.Links {
		out = append(out, edge{id: l.ID, from: l.From, to: l.To, typ: string(l.Type)})
	}
	return out
}

// simplePaths returns every path (as its edge ids) from one node to another
// of at most maxHops edges that visits no node twice.
func simplePaths(edges []edge, from, to string, maxHops int, directed bool) [][]string {
	return simplePathsWhere(edges, from, to, maxHops, func(edge) bool { return !directed })
}

// simplePathsWhere is simplePaths where an edge may be walked against its
// direction when backward says so.
func simplePathsWhere(edges []edge, from, to string, maxHops int, backward func(edge) bool) [][]string {
	var out [][]string
	var walk func(at string, visited []string, path []string)
	walk = func(at string, visited []string, path []string) {
		if at == to {
			out = append(out, slices.Clone(path))
			return
		}
		if len(path) == maxHops {
			return
		}
		for _, e := range edges {
			next := ""
			switch {
			case e.from == at:
				next = e.to
			case e.to == at && backward(e):
				next = e.from
			}
			if next != "" && !slices.Contains(visited, next) {
				walk(next, append(visited, next), append(path, e.id))
			}
		}
	}
	walk(from, []string{from}, nil)
	return out
}

// shortest keeps the shortest of paths.
func shortest(paths [][]string) [][]string {
	if len(paths) == 0 {
		return nil
	}
	n := slices.MinFunc(paths, func(a, b []string) int { return cmp.Compare(len(a), len(b)) })
	return slices.DeleteFunc(slices.Clone(paths), func(p []string) bool { return len(p) != len(n) })
}

// sortedPaths renders paths as sorted strings, to compare them as sets.
func sortedPaths(paths [][]string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		out = append(out, strings.Join(p, " "))
	}
	slices.Sort(out)
	return out
}

// checkActorPath checks that p is a path from one actor to another whose
// every step is a relation of the map, traversed as Forward says, and
// returns its relation ids.
func checkActorPath(t *testing.T, m *argmap.Map, p *argmap.ActorPath, from, to string) []string {
	t.Helper()
	byID := map[string]argmap.Relation{}
	for _, r := range m.Relations {
		byID[r.ID] = r
	}
	if len(p.ActorIDs) != len(p.Steps)+1 || p.ActorIDs[0] != from || (to != "" && p.ActorIDs[len(p.ActorIDs)-1] != to) {
		t.Fatalf("path %v (%d steps) does not run from %s to %s", p.ActorIDs, len(p.Steps), from, to)
	}
	var ids []string
	for i, s := range p.Steps {
		want, ok := byID[s.Relation.ID]
		if !ok {
			t.Fatalf("step %d: relation %q is not in the map", i, s.Relation.ID)
		}
		if s.Relation.Type != want.Type || s.Relation.From != want.From || s.Relation.To != want.To ||
			s.Relation.DocumentID != seedDoc || !slices.Equal(s.Relation.Evidence, want.Evidence) || len(s.Relation.Quotes) != len(want.Quotes) {
			t.Errorf("step %d: relation %+v, want %+v", i, *s.Relation, want)
		}
		a, b := s.Relation.From, s.Relation.To
		if !s.Forward {
			a, b = b, a
		}
		if a != p.ActorIDs[i] || b != p.ActorIDs[i+1] {
			t.Errorf("step %d (%s→%s, forward %v) does not join %s and %s", i, s.Relation.From, s.Relation.To, s.Forward, p.ActorIDs[i], p.ActorIDs[i+1])
		}
		ids = append(ids, s.Relation.ID)
	}
	return ids
}

func TestActorPaths(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		q     argmap.PathQuery
		types []argmap.RelationType // for the expectation
		want  func(edges []edge, q argmap.PathQuery) [][]string
	}{
		{"shortest sdf to muhajirun", argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 100}, nil,
			func(e []edge, q argmap.PathQuery) [][]string {
				return shortest(simplePaths(e, q.From, q.To, q.MaxHops, false))
			}},
		{"shortest too far for maxHops", argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 3, First: 100}, nil,
			func(e []edge, q argmap.PathQuery) [][]string { return nil }},
		{"shortest directed", argmap.PathQuery{From: "hts-hardliners", To: "syrian-government", MaxHops: 6, First: 100, Directed: true}, nil,
			func(e []edge, q argmap.PathQuery) [][]string {
				return shortest(simplePaths(e, q.From, q.To, q.MaxHops, true))
			}},
		{"shortest hostile_to only", argmap.PathQuery{From: "jihadist-factions", To: "muhajirun", MaxHops: 6, First: 100, Types: []argmap.RelationType{argmap.RelHostileTo}},
			[]argmap.RelationType{argmap.RelHostileTo},
			func(e []edge, q argmap.PathQuery) [][]string {
				return shortest(simplePaths(e, q.From, q.To, q.MaxHops, false))
			}},
		{"all paths hts to syrian-government", argmap.PathQuery{From: "hts", To: "syrian-government", MaxHops: 4, First: 100, Mode: argmap.PathAll}, nil,
			func(e []edge, q argmap.PathQuery) [][]string { return simplePaths(e, q.From, q.To, q.MaxHops, false) }},
		{"all paths directed", argmap.PathQuery{From: "hts-hardliners", To: "syrian-government", MaxHops: 5, First: 100, Mode: argmap.PathAll, Directed: true}, nil,
			func(e []edge, q argmap.PathQuery) [][]string { return simplePaths(e, q.From, q.To, q.MaxHops, true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want(relationEdges(m, tt.types), tt.q)
			got, err := db.ActorPaths(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids [][]string
			for i, p := range got {
				ids = append(ids, checkActorPath(t, m, p, tt.q.From, tt.q.To))
				if i > 0 && len(p.Steps) < len(got[i-1].Steps) {
					t.Errorf("path %d is shorter than path %d: not shortest first", i, i-1)
				}
				for _, s := range p.Steps {
					if tt.q.Directed && !s.Forward {
						t.Errorf("directed query traverses %s backwards", s.Relation.ID)
					}
					if len(tt.q.Types) > 0 && !slices.Contains(tt.q.Types, s.Relation.Type) {
						t.Errorf("step %s has type %s, not asked for", s.Relation.ID, s.Relation.Type)
					}
				}
			}
			if g, w := sortedPaths(ids), sortedPaths(want); !slices.Equal(g, w) {
				t.Errorf("paths:\n got %q\nwant %q", g, w)
			}
		})
	}

	t.Run("sdf to muhajirun is 4 hops without PART_OF", func(t *testing.T) {
		// With PART_OF the path would be 3 hops (docs/model.md).
		got, err := db.ActorPaths(ctx, argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || len(got[0].Steps) != 4 {
			t.Fatalf("got %d paths, first %+v; want 4-hop paths", len(got), got)
		}
	})

	t.Run("directed differs from undirected", func(t *testing.T) {
		q := argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 10}
		undirected, err := db.ActorPaths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.Directed = true
		directed, err := db.ActorPaths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		// muhajirun is reached only against the direction of hostile_to.
		if len(undirected) == 0 || len(directed) != 0 {
			t.Errorf("undirected %d paths, directed %d; want some and none", len(undirected), len(directed))
		}
	})

	t.Run("first bounds the paths", func(t *testing.T) {
		q := argmap.PathQuery{From: "hts", To: "syrian-government", MaxHops: 4, First: 2, Mode: argmap.PathAll}
		got, err := db.ActorPaths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		all := simplePaths(relationEdges(m, nil), q.From, q.To, q.MaxHops, false)
		if len(all) <= 2 || len(got) != 2 {
			t.Fatalf("got %d paths of %d; want 2", len(got), len(all))
		}
		if len(got[0].Steps) != len(shortest(all)[0]) {
			t.Errorf("first path has %d steps, want the shortest (%d)", len(got[0].Steps), len(shortest(all)[0]))
		}
	})

	errs := []struct {
		name        string
		q           argmap.PathQuery
		code, field string
		mention     string
	}{
		{"unknown from", argmap.PathQuery{From: "atlantis", To: "hts", MaxHops: 3, First: 5}, argmap.ENOTFOUND, "", "atlantis"},
		{"unknown to", argmap.PathQuery{From: "hts", To: "atlantis", MaxHops: 3, First: 5, Mode: argmap.PathAll}, argmap.ENOTFOUND, "", "atlantis"},
		{"claim is not an actor", argmap.PathQuery{From: seedClaim("thesis"), To: "hts", MaxHops: 3, First: 5}, argmap.ENOTFOUND, "", "thesis"},
		{"same ends", argmap.PathQuery{From: "hts", To: "hts", MaxHops: 3, First: 5}, argmap.EINVALID, "to", ""},
		{"empty from", argmap.PathQuery{To: "hts", MaxHops: 3, First: 5}, argmap.EINVALID, "from", ""},
		{"maxHops 0", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 0, First: 5}, argmap.EINVALID, "maxHops", ""},
		{"maxHops 7", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 7, First: 5}, argmap.EINVALID, "maxHops", ""},
		{"first 0", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 3, First: 0}, argmap.EINVALID, "first", ""},
		{"first 101", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 3, First: 101}, argmap.EINVALID, "first", ""},
		{"unknown type", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 3, First: 5, Types: []argmap.RelationType{"PART_OF"}}, argmap.EINVALID, "types", ""},
		{"unknown mode", argmap.PathQuery{From: "sdf", To: "hts", MaxHops: 3, First: 5, Mode: "LONGEST"}, argmap.EINVALID, "mode", ""},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			before := db.Statements()
			_, err := db.ActorPaths(ctx, tt.q)
			wantCode(t, err, tt.code, tt.field)
			if !strings.Contains(argmap.ErrorMessage(err), tt.mention) {
				t.Errorf("message %q does not name %q", argmap.ErrorMessage(err), tt.mention)
			}
			if n := db.Statements() - before; tt.code == argmap.EINVALID && n != 0 {
				t.Errorf("invalid arguments sent %d statements, want 0", n)
			}
		})
	}
}

func TestClaimPaths(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	links := map[string]argmap.Link{}
	for _, l := range m.Links {
		links[l.ID] = l
	}
	tests := []struct {
		name string
		q    argmap.PathQuery
		want func(q argmap.PathQuery) [][]string
	}{
		{"shortest thesis to opp-sanctions", argmap.PathQuery{From: seedClaim("thesis"), To: seedClaim("opp-sanctions"), MaxHops: 6, First: 100},
			func(q argmap.PathQuery) [][]string {
				return shortest(simplePaths(linkEdges(m), q.From, q.To, q.MaxHops, false))
			}},
		{"directed premise to thesis", argmap.PathQuery{From: seedClaim("opp-sanctions"), To: seedClaim("thesis"), MaxHops: 6, First: 100, Directed: true},
			func(q argmap.PathQuery) [][]string {
				return shortest(simplePaths(linkEdges(m), q.From, q.To, q.MaxHops, true))
			}},
		{"directed thesis to premise", argmap.PathQuery{From: seedClaim("thesis"), To: seedClaim("opp-sanctions"), MaxHops: 6, First: 100, Directed: true},
			func(q argmap.PathQuery) [][]string { return nil }},
		{"all to depth 4", argmap.PathQuery{From: seedClaim("thesis"), To: seedClaim("crisis-forms"), MaxHops: 4, First: 100, Mode: argmap.PathAll},
			func(q argmap.PathQuery) [][]string { return simplePaths(linkEdges(m), q.From, q.To, q.MaxHops, false) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ClaimPaths(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids [][]string
			for _, p := range got {
				if len(p.ClaimIDs) != len(p.Steps)+1 || p.ClaimIDs[0] != tt.q.From || p.ClaimIDs[len(p.ClaimIDs)-1] != tt.q.To {
					t.Fatalf("path %v does not run from %s to %s", p.ClaimIDs, tt.q.From, tt.q.To)
				}
				var pid []string
				for i, s := range p.Steps {
					want := links[s.Link.ID]
					if s.Link.Type != want.Type || s.Link.From != want.From || s.Link.To != want.To || s.Link.Kind != want.Kind || s.Link.DocumentID != seedDoc {
						t.Errorf("step %d: link %+v, want %+v", i, *s.Link, want)
					}
					if a := map[bool]string{true: s.Link.From, false: s.Link.To}[s.Forward]; a != p.ClaimIDs[i] {
						t.Errorf("step %d (%s, forward %v) does not leave %s", i, s.Link.ID, s.Forward, p.ClaimIDs[i])
					}
					pid = append(pid, s.Link.ID)
				}
				ids = append(ids, pid)
			}
			if g, w := sortedPaths(ids), sortedPaths(tt.want(tt.q)); !slices.Equal(g, w) {
				t.Errorf("paths:\n got %q\nwant %q", g, w)
			}
		})
	}
	t.Run("unknown claim", func(t *testing.T) {
		_, err := db.ClaimPaths(ctx, argmap.PathQuery{From: seedClaim("thesis"), To: seedClaim("nope"), MaxHops: 3, First: 5})
		wantCode(t, err, argmap.ENOTFOUND, "")
	})
	t.Run("actor is not a claim", func(t *testing.T) {
		_, err := db.ClaimPaths(ctx, argmap.PathQuery{From: "hts", To: seedClaim("thesis"), MaxHops: 3, First: 5})
		wantCode(t, err, argmap.ENOTFOUND, "")
	})
	t.Run("maxHops 7", func(t *testing.T) {
		_, err := db.ClaimPaths(ctx, argmap.PathQuery{From: seedClaim("thesis"), To: seedClaim("opp-sanctions"), MaxHops: 7, First: 5})
		wantCode(t, err, argmap.EINVALID, "maxHops")
	})
}

// wantTree builds the expected argument tree from the links: children are
// supporters then attackers, each in claim id then link id order.
func wantTree(links []argmap.Link, root string, depth int) []argmap.ArgumentNode {
	out := []argmap.ArgumentNode{{ClaimID: root}}
	var walk func(at string, branch []string)
	walk = func(at string, branch []string) {
		var children []argmap.Link
		for _, l := range links {
			if l.To == at {
				children = append(children, l)
			}
		}
		slices.SortFunc(children, func(a, b argmap.Link) int {
			return cmp.Or(cmp.Compare(slices.Index(argmap.LinkTypes, a.Type), slices.Index(argmap.LinkTypes, b.Type)), cmp.Compare(a.From, b.From), cmp.Compare(a.ID, b.ID))
		})
		for _, l := range children {
			cycle := slices.Contains(branch, l.From)
			out = append(out, argmap.ArgumentNode{ClaimID: l.From, ParentID: at, Depth: len(branch), Via: &l, Cycle: cycle})
			if !cycle && len(branch) < depth {
				walk(l.From, append(slices.Clone(branch), l.From))
			}
		}
	}
	walk(root, []string{root})
	return out
}

// treeLines renders tree nodes for comparison (links by id).
func treeLines(nodes []argmap.ArgumentNode) []string {
	var out []string
	for _, n := range nodes {
		via := ""
		if n.Via != nil {
			via = string(n.Via.Type) + " " + n.Via.ID + " " + n.Via.From + "->" + n.Via.To
		}
		out = append(out, strings.Repeat("  ", n.Depth)+n.ClaimID+" parent="+n.ParentID+" via="+via+map[bool]string{true: " CYCLE"}[n.Cycle])
	}
	return out
}

func TestArgumentTree(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	thesis := seedClaim("thesis")

	t.Run("depth 1 is what links to the thesis", func(t *testing.T) {
		tree, err := db.ArgumentTree(ctx, thesis, 1)
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, l := range m.Links {
			if l.To == thesis {
				want = append(want, l.From+" "+l.ID)
			}
		}
		if tree.RootID != thesis || tree.Nodes[0].ClaimID != thesis || tree.Nodes[0].Depth != 0 || tree.Nodes[0].Via != nil {
			t.Errorf("root node = %+v", tree.Nodes[0])
		}
		for _, n := range tree.Nodes[1:] {
			if n.Depth != 1 || n.ParentID != thesis || n.Via == nil || n.Via.To != thesis || n.Via.From != n.ClaimID || n.Cycle {
				t.Errorf("node %+v is not a direct supporter or attacker", n)
			}
			got = append(got, n.ClaimID+" "+n.Via.ID)
		}
		slices.Sort(want)
		slices.Sort(got)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("children:\n got %q\nwant %q", got, want)
		}
	})

	for _, tt := range []struct {
		root  string
		depth int
	}{{thesis, 6}, {thesis, 2}, {seedClaim("opportunity-reemerge"), 3}, {seedClaim("steps-stability"), 6}} {
		t.Run(strings.TrimPrefix(tt.root, seedDoc+"/")+" to depth "+string(rune('0'+tt.depth)), func(t *testing.T) {
			tree, err := db.ArgumentTree(ctx, tt.root, tt.depth)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := treeLines(tree.Nodes), treeLines(wantTree(m.Links, tt.root, tt.depth)); !slices.Equal(g, w) {
				t.Errorf("tree:\n got\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
		})
	}

	t.Run("a cycle stops the branch", func(t *testing.T) {
		db := neo4jtest.MustOpen(t)
		m := secondDocument()
		// oppose attacks absorb (l1); now absorb also supports oppose (l2),
		// closing a loop, and a third claim supports absorb (l3): a walk
		// that went on through the loop would reach it a second time.
		move := argmap.Quote{Exact: "opposes the move", Start: argmap.Unanchored, End: argmap.Unanchored}
		m.Claims = append(m.Claims, argmap.Claim{ID: "second-text/move", Text: "HTS opposes the move.", Role: argmap.RolePremise,
			Modality: argmap.ModalityAssertion, Hedging: argmap.HedgingNone, Quotes: []argmap.Quote{move}})
		m.Links = append(m.Links,
			argmap.Link{ID: "second-text/l2", Type: argmap.LinkSupports, From: "second-text/absorb", To: "second-text/oppose"},
			argmap.Link{ID: "second-text/l3", Type: argmap.LinkSupports, From: "second-text/move", To: "second-text/absorb"})
		MustImport(t, db, m)
		tree, err := db.ArgumentTree(ctx, "second-text/absorb", 6)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"second-text/absorb parent= via=",
			"  second-text/move parent=second-text/absorb via=supports second-text/l3 second-text/move->second-text/absorb",
			"  second-text/oppose parent=second-text/absorb via=attacks second-text/l1 second-text/oppose->second-text/absorb",
			"    second-text/absorb parent=second-text/oppose via=supports second-text/l2 second-text/absorb->second-text/oppose CYCLE",
		}
		if got := treeLines(wantTree(m.Links, "second-text/absorb", 6)); !slices.Equal(got, want) {
			t.Errorf("wantTree disagrees with the hand-written tree:\n%s", strings.Join(got, "\n"))
		}
		if got := treeLines(tree.Nodes); !slices.Equal(got, want) {
			t.Errorf("tree:\n got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	for _, tt := range []struct {
		name, id    string
		depth       int
		code, field string
	}{
		{"unknown claim", seedClaim("nope"), 2, argmap.ENOTFOUND, ""},
		{"actor is not a claim", "hts", 2, argmap.ENOTFOUND, ""},
		{"depth 0", thesis, 0, argmap.EINVALID, "depth"},
		{"depth 7", thesis, 7, argmap.EINVALID, "depth"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ArgumentTree(ctx, tt.id, tt.depth)
			wantCode(t, err, tt.code, tt.field)
		})
	}
}

// wantRiskChains computes the maximal risk chains the store must return,
// in its order: longest first, then by actor ids, then relation ids.
func wantRiskChains(m *argmap.Map, actor, claim string, maxHops int) [][]string {
	type chain struct{ actors, rels []string }
	edges := relationEdges(m, argmap.RiskRelationTypes)
	var out []chain
	var walk func(c chain)
	walk = func(c chain) {
		at := c.actors[len(c.actors)-1]
		extended := false
		if len(c.rels) < maxHops {
			for _, e := range edges {
				if e.from == at && !slices.Contains(c.actors, e.to) {
					extended = true
					walk(chain{append(slices.Clone(c.actors), e.to), append(slices.Clone(c.rels), e.id)})
				}
			}
		}
		if !extended && len(c.rels) > 0 {
			out = append(out, c)
		}
	}
	if claim == "" {
		walk(chain{actors: []string{actor}})
	}
	for _, r := range m.Relations {
		if claim != "" && slices.Contains(argmap.RiskRelationTypes, r.Type) && slices.Contains(r.Evidence, claim) {
			walk(chain{[]string{r.From, r.To}, []string{r.ID}})
		}
	}
	slices.SortFunc(out, func(a, b chain) int {
		return cmp.Or(cmp.Compare(len(b.rels), len(a.rels)), slices.Compare(a.actors, b.actors), slices.Compare(a.rels, b.rels))
	})
	var ids [][]string
	for _, c := range out {
		ids = append(ids, c.rels)
	}
	return ids
}

func TestRiskChains(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	check := func(t *testing.T, q argmap.RiskQuery, want [][]string) {
		t.Helper()
		got, err := db.RiskChains(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids [][]string
		for _, p := range got {
			start := q.ActorID
			if start == "" {
				start = p.ActorIDs[0]
			}
			ids = append(ids, checkActorPath(t, m, p, start, ""))
			for _, s := range p.Steps {
				if !s.Forward || !slices.Contains(argmap.RiskRelationTypes, s.Relation.Type) {
					t.Errorf("step %s (%s, forward %v) is not a risk relation followed forward", s.Relation.ID, s.Relation.Type, s.Forward)
				}
			}
			if q.ClaimID != "" && !slices.Contains(p.Steps[0].Relation.Evidence, q.ClaimID) {
				t.Errorf("chain %v does not start with a relation the claim grounds", p.ActorIDs)
			}
		}
		if len(want) > q.First {
			want = want[:q.First]
		}
		if g, w := sortedPaths(ids), sortedPaths(want); !slices.Equal(g, w) || len(ids) != len(want) {
			t.Fatalf("chains:\n got %q\nwant %q", g, w)
		}
		for i := range ids {
			if !slices.Equal(ids[i], want[i]) {
				t.Errorf("chain %d = %q, want %q (order)", i, ids[i], want[i])
			}
		}
	}

	multi := 0
	for _, a := range m.Actors {
		t.Run("from actor "+a.ID, func(t *testing.T) {
			want := wantRiskChains(m, a.ID, "", 4)
			for _, c := range want {
				if len(c) > 1 {
					multi++
				}
			}
			check(t, argmap.RiskQuery{ActorID: a.ID, MaxHops: 4, First: 100}, want)
		})
	}
	if multi == 0 {
		t.Error("the seed gives no chain of more than one relation: the test checks too little")
	}

	grounded := 0
	for _, c := range m.Claims {
		want := wantRiskChains(m, "", c.ID, 3)
		if len(want) == 0 {
			continue
		}
		grounded++
		t.Run("from claim "+strings.TrimPrefix(c.ID, seedDoc+"/"), func(t *testing.T) {
			check(t, argmap.RiskQuery{ClaimID: c.ID, MaxHops: 3, First: 100}, want)
		})
	}
	if grounded == 0 {
		t.Error("no seed claim grounds a risk relation: the test checks too little")
	}

	t.Run("maxHops 1 gives single relations", func(t *testing.T) {
		check(t, argmap.RiskQuery{ActorID: "hts-hardliners", MaxHops: 1, First: 100}, wantRiskChains(m, "hts-hardliners", "", 1))
	})
	t.Run("first bounds the chains", func(t *testing.T) {
		check(t, argmap.RiskQuery{ActorID: "hts-hardliners", MaxHops: 4, First: 1}, wantRiskChains(m, "hts-hardliners", "", 4))
	})

	for _, tt := range []struct {
		name        string
		q           argmap.RiskQuery
		code, field string
	}{
		{"neither start", argmap.RiskQuery{MaxHops: 3, First: 5}, argmap.EINVALID, ""},
		{"both starts", argmap.RiskQuery{ActorID: "hts", ClaimID: seedClaim("thesis"), MaxHops: 3, First: 5}, argmap.EINVALID, ""},
		{"unknown actor", argmap.RiskQuery{ActorID: "atlantis", MaxHops: 3, First: 5}, argmap.ENOTFOUND, ""},
		{"unknown claim", argmap.RiskQuery{ClaimID: seedClaim("nope"), MaxHops: 3, First: 5}, argmap.ENOTFOUND, ""},
		{"maxHops 0", argmap.RiskQuery{ActorID: "hts", MaxHops: 0, First: 5}, argmap.EINVALID, "maxHops"},
		{"maxHops 7", argmap.RiskQuery{ActorID: "hts", MaxHops: 7, First: 5}, argmap.EINVALID, "maxHops"},
		{"first 0", argmap.RiskQuery{ActorID: "hts", MaxHops: 3, First: 0}, argmap.EINVALID, "first"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.RiskChains(ctx, tt.q)
			wantCode(t, err, tt.code, tt.field)
		})
	}
}

// wantNeighbourhood computes a neighbourhood from the map's relations: the
// actor, then ring by ring (distance), most connected first (relations of
// the types), then by id; then for each actor in that order, its relations
// to the actors before it, in id order. The seed is far below the bounds.
func wantNeighbourhood(m *argmap.Map, id string, depth int, types []argmap.RelationType) (actors, rels []string) {
	edges := relationEdges(m, types)
	degree := map[string]int{}
	for _, e := range edges {
		degree[e.from]++
		degree[e.to]++
	}
	rank := map[string]int{id: 0}
	actors = []string{id}
	frontier := []string{id}
	for range depth {
		var next []string
		for _, at := range frontier {
			for _, e := range edges {
				for _, n := range [][2]string{{e.from, e.to}, {e.to, e.from}} {
					if _, seen := rank[n[1]]; n[0] == at && !seen && !slices.Contains(next, n[1]) {
						next = append(next, n[1])
					}
				}
			}
		}
		slices.SortFunc(next, func(a, b string) int { return cmp.Or(cmp.Compare(degree[b], degree[a]), cmp.Compare(a, b)) })
		for _, n := range next {
			rank[n] = len(actors)
			actors = append(actors, n)
		}
		frontier = next
	}
	var kept []edge
	for _, e := range edges {
		_, f := rank[e.from]
		_, t := rank[e.to]
		if f && t && e.from != e.to {
			kept = append(kept, e)
		}
	}
	slices.SortFunc(kept, func(a, b edge) int {
		return cmp.Or(cmp.Compare(max(rank[a.from], rank[a.to]), max(rank[b.from], rank[b.to])), cmp.Compare(a.id, b.id))
	})
	for _, e := range kept {
		rels = append(rels, e.id)
	}
	return actors, rels
}

func TestNeighbourhoods(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()

	t.Run("hts at depth 1 is what the map relates to hts", func(t *testing.T) {
		want := []string{"hts"}
		for _, r := range m.Relations { // PART_OF is not a relation of the map
			if r.From == "hts" && !slices.Contains(want, r.To) {
				want = append(want, r.To)
			}
			if r.To == "hts" && !slices.Contains(want, r.From) {
				want = append(want, r.From)
			}
		}
		got, err := db.Neighbourhoods(ctx, []string{"hts"}, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 3 || !slices.Equal(slices.Sorted(slices.Values(got[0].ActorIDs)), slices.Sorted(slices.Values(want))) || got[0].ActorIDs[0] != "hts" || got[0].Truncated {
			t.Errorf("actors = %q, want %q", got[0].ActorIDs, want)
		}
		for _, r := range got[0].Relations {
			if !slices.Contains(want, r.From) || !slices.Contains(want, r.To) {
				t.Errorf("relation %s %s→%s leaves the neighbourhood", r.ID, r.From, r.To)
			}
		}
	})

	for _, tt := range []struct {
		name  string
		ids   []string
		depth int
		types []argmap.RelationType
	}{
		{"several actors at depth 2", []string{"hts", "sdf", "syria", "al-sharaa"}, 2, nil},
		{"depth 3", []string{"hts-hardliners", "isis"}, 3, nil},
		{"hostile_to and risk_to only", []string{"syrian-government", "jihadist-factions"}, 2, []argmap.RelationType{argmap.RelHostileTo, argmap.RelRiskTo}},
		{"unknown and repeated ids keep key order", []string{"atlantis", "sdf", "hts", "sdf", ""}, 1, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := db.Statements()
			got, err := db.Neighbourhoods(ctx, tt.ids, tt.depth, tt.types)
			if err != nil {
				t.Fatal(err)
			}
			if n := db.Statements() - before; n != 1 {
				t.Errorf("%d ids took %d statements, want 1", len(tt.ids), n)
			}
			if len(got) != len(tt.ids) {
				t.Fatalf("%d answers for %d ids", len(got), len(tt.ids))
			}
			for i, id := range tt.ids {
				if id == "atlantis" || id == "" {
					if got[i] != nil {
						t.Errorf("%q: got %+v, want nil", id, got[i])
					}
					continue
				}
				if got[i] == nil {
					t.Fatalf("%s: nil neighbourhood", id)
				}
				wantActors, wantRels := wantNeighbourhood(m, id, tt.depth, tt.types)
				var rels []string
				for _, r := range got[i].Relations {
					rels = append(rels, r.ID)
					if len(tt.types) > 0 && !slices.Contains(tt.types, r.Type) {
						t.Errorf("%s: relation %s of type %s not asked for", id, r.ID, r.Type)
					}
				}
				if got[i].Truncated {
					t.Errorf("%s: truncated, the seed is far below the bounds", id)
				}
				if !slices.Equal(got[i].ActorIDs, wantActors) {
					t.Errorf("%s actors:\n got %q\nwant %q", id, got[i].ActorIDs, wantActors)
				}
				if !slices.Equal(rels, wantRels) {
					t.Errorf("%s relations:\n got %q\nwant %q", id, rels, wantRels)
				}
			}
		})
	}

	t.Run("no ids, no statement", func(t *testing.T) {
		before := db.Statements()
		got, err := db.Neighbourhoods(ctx, nil, 1, nil)
		if err != nil || len(got) != 0 || db.Statements() != before {
			t.Errorf("got %v, %v, %d statements", got, err, db.Statements()-before)
		}
	})
	for _, tt := range []struct {
		name  string
		depth int
		types []argmap.RelationType
		field string
	}{{"depth 0", 0, nil, "depth"}, {"depth 4", 4, nil, "depth"}, {"unknown type", 1, []argmap.RelationType{"likes"}, "types"}} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Neighbourhoods(ctx, []string{"hts"}, tt.depth, tt.types)
			wantCode(t, err, argmap.EINVALID, tt.field)
		})
	}
}

func TestMostConnectedActors(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	want := func(types []argmap.RelationType, first int) []argmap.ActorDegree {
		deg := map[string]int64{}
		for _, e := range relationEdges(m, types) {
			deg[e.from]++
			deg[e.to]++
		}
		var out []argmap.ActorDegree
		for id, d := range deg {
			out = append(out, argmap.ActorDegree{ActorID: id, Degree: d})
		}
		slices.SortFunc(out, func(a, b argmap.ActorDegree) int {
			return cmp.Or(cmp.Compare(b.Degree, a.Degree), cmp.Compare(a.ActorID, b.ActorID))
		})
		return out[:min(first, len(out))]
	}
	for _, tt := range []struct {
		name  string
		first int
		types []argmap.RelationType
	}{
		{"top 5", 5, nil},
		{"all of them", 100, nil},
		{"hostile_to", 100, []argmap.RelationType{argmap.RelHostileTo}},
		{"leads and supports", 3, []argmap.RelationType{argmap.RelLeads, argmap.RelSupports}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.MostConnectedActors(ctx, tt.first, tt.types)
			if err != nil {
				t.Fatal(err)
			}
			if w := want(tt.types, tt.first); !slices.Equal(got, w) {
				t.Errorf("got  %v\nwant %v", got, w)
			}
		})
	}
	for _, first := range []int{0, 101} {
		_, err := db.MostConnectedActors(ctx, first, nil)
		wantCode(t, err, argmap.EINVALID, "first")
	}
}

func TestRelationCounts(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	check := func(t *testing.T, rels []argmap.Relation) {
		t.Helper()
		got, err := db.RelationCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(argmap.RelationTypes) {
			t.Fatalf("%d counts, want one per relation type (%d)", len(got), len(argmap.RelationTypes))
		}
		var total int64
		for i, c := range got {
			var want int64
			for _, r := range rels {
				if r.Type == argmap.RelationTypes[i] {
					want++
				}
			}
			if c.Kind != string(argmap.RelationTypes[i]) || c.Count != want {
				t.Errorf("count %d = %+v, want {%s %d}", i, c, argmap.RelationTypes[i], want)
			}
			total += c.Count
		}
		if total != int64(len(rels)) {
			t.Errorf("counts sum to %d, the maps have %d relations", total, len(rels))
		}
	}
	t.Run("seed", func(t *testing.T) { check(t, m.Relations) })
	t.Run("with a second document", func(t *testing.T) {
		second := secondDocument()
		MustImport(t, db, second)
		check(t, append(slices.Clone(m.Relations), second.Relations...))
	})
}

func TestActorClaimCounts(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	want := func(id string) int64 {
		var n int64
		for _, c := range m.Claims {
			if slices.ContainsFunc(c.Mentions, func(mn argmap.Mention) bool { return mn.ActorID == id }) {
				n++ // a claim counts once, however often it mentions the actor
			}
		}
		return n
	}
	var ids []string
	for _, a := range m.Actors {
		ids = append(ids, a.ID)
	}
	ids = append(ids, "atlantis", "hts")
	before := db.Statements()
	got, err := db.ActorClaimCounts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if n := db.Statements() - before; n != 1 {
		t.Errorf("%d ids took %d statements, want 1", len(ids), n)
	}
	if len(got) != len(ids) {
		t.Fatalf("%d counts for %d ids", len(got), len(ids))
	}
	several := false
	for i, id := range ids {
		if got[i] != want(id) {
			t.Errorf("%s: %d claims, want %d", id, got[i], want(id))
		}
		several = several || got[i] > 1
	}
	if !several {
		t.Error("no actor is mentioned by several claims: the test checks too little")
	}

	t.Run("a claim mentioning an actor twice counts once", func(t *testing.T) {
		second := secondDocument()
		// absorb mentions the SDF, and now the national army twice.
		second.Claims[0].Mentions = append(second.Claims[0].Mentions,
			argmap.Mention{ActorID: "national-army", Role: argmap.MentionTarget, Quote: argmap.Quote{Exact: "the national army", Start: argmap.Unanchored, End: argmap.Unanchored}},
			argmap.Mention{ActorID: "national-army", Role: argmap.MentionBeneficiary, Quote: argmap.Quote{Exact: "national army", Start: argmap.Unanchored, End: argmap.Unanchored}})
		MustImport(t, db, second)
		got, err := db.ActorClaimCounts(ctx, []string{"national-army", "sdf"})
		if err != nil {
			t.Fatal(err)
		}
		if w := []int64{want("national-army") + 1, want("sdf") + 1}; !slices.Equal(got, w) {
			t.Errorf("got %v, want %v", got, w)
		}
	})

	t.Run("no ids, no statement", func(t *testing.T) {
		before := db.Statements()
		got, err := db.ActorClaimCounts(ctx, nil)
		if err != nil || len(got) != 0 || db.Statements() != before {
			t.Errorf("got %v, %v, %d statements", got, err, db.Statements()-before)
		}
	})
}
