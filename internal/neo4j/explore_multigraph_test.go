package neo4j_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/mapfile"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
	"github.com/argmap/argmap/internal/synth"
)

// The seed map has no parallel relations and small neighbourhoods. A
// synthetic corpus (internal/synth) has what the scale corpora have: popular
// actors named by most documents, and so hundreds of parallel relations
// (one per document) between them. The expectations are again computed in
// Go from the maps.

// mustSynthDB loads a small synthetic corpus and returns its maps.
func mustSynthDB(t *testing.T, cfg synth.Config) (*neo4j.DB, []*argmap.Map) {
	t.Helper()
	db := neo4jtest.MustOpen(t)
	var maps []*argmap.Map
	err := synth.Generate(cfg, func(d synth.Document) error {
		m, err := mapfile.Read(d.JSON, func(string) ([]byte, error) { return nil, errors.New("text is inline") })
		if err != nil {
			return err
		}
		MustImport(t, db, m)
		maps = append(maps, m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, maps
}

// corpusEdges returns the actor relations of every map.
func corpusEdges(maps []*argmap.Map) []edge {
	var out []edge
	for _, m := range maps {
		out = append(out, relationEdges(m, nil)...)
	}
	return out
}

// distances returns the undirected hop distance of every actor reachable
// from start.
func distances(edges []edge, start string) map[string]int {
	dist := map[string]int{start: 0}
	frontier := []string{start}
	for len(frontier) > 0 {
		var next []string
		for _, at := range frontier {
			for _, e := range edges {
				for _, pair := range [][2]string{{e.from, e.to}, {e.to, e.from}} {
					if pair[0] == at {
						if _, seen := dist[pair[1]]; !seen {
							dist[pair[1]] = dist[at] + 1
							next = append(next, pair[1])
						}
					}
				}
			}
		}
		frontier = next
	}
	return dist
}

// pathNodes returns the actors a path of edge ids visits from start.
func pathNodes(byID map[string]edge, start string, ids []string) []string {
	nodes := []string{start}
	for _, id := range ids {
		e, at := byID[id], nodes[len(nodes)-1]
		if e.from == at {
			nodes = append(nodes, e.to)
		} else {
			nodes = append(nodes, e.from)
		}
	}
	return nodes
}

func TestExplore_SyntheticMultigraph(t *testing.T) {
	db, maps := mustSynthDB(t, synth.Config{Seed: 7, Documents: 60, Actors: 150})
	ctx := context.Background()
	edges := corpusEdges(maps)
	byID := map[string]edge{}
	degree := map[string]int{}
	for _, e := range edges {
		byID[e.id] = e
		degree[e.from]++
		degree[e.to]++
	}
	hub := ""
	for a, d := range degree {
		if hub == "" || d > degree[hub] || (d == degree[hub] && a < hub) {
			hub = a
		}
	}
	parallel := map[[2]string]int{}
	for _, e := range edges {
		k := [2]string{min(e.from, e.to), max(e.from, e.to)}
		parallel[k]++
	}
	if slices.Max(slicesOf(parallel)) < 3 {
		t.Fatalf("the corpus has no pair of actors with 3 or more parallel relations; it tests nothing")
	}
	dist := distances(edges, hub)

	t.Run("paths are simple, shortest first, in node then relation id order", func(t *testing.T) {
		// An actor 3 hops from the hub, the first in id order.
		var far []string
		for a, d := range dist {
			if d == 3 {
				far = append(far, a)
			}
		}
		if len(far) == 0 {
			for a, d := range dist {
				if d == 2 {
					far = append(far, a)
				}
			}
		}
		if len(far) == 0 {
			t.Fatal("no actor 2 or 3 hops from the hub")
		}
		to := slices.Min(far)
		const maxHops, first = 3, 10
		all := simplePaths(edges, hub, to, maxHops, false)
		order := func(a, b []string) int {
			if len(a) != len(b) {
				return len(a) - len(b)
			}
			if c := slices.Compare(pathNodes(byID, hub, a), pathNodes(byID, hub, b)); c != 0 {
				return c
			}
			return slices.Compare(a, b)
		}
		slices.SortFunc(all, order)
		t.Logf("%s → %s (distance %d): %d simple paths of at most %d hops", hub, to, dist[to], len(all), maxHops)
		for _, mode := range []argmap.PathMode{argmap.PathAll, argmap.PathShortest} {
			want := all
			if mode == argmap.PathShortest {
				want = shortest(all)
			}
			want = want[:min(first, len(want))]
			got, err := db.ActorPaths(ctx, argmap.PathQuery{From: hub, To: to, MaxHops: maxHops, First: first, Mode: mode})
			if err != nil {
				t.Fatalf("%s: %v", mode, err)
			}
			var gotIDs [][]string
			for _, p := range got {
				var ids []string
				for _, s := range p.Steps {
					ids = append(ids, s.Relation.ID)
				}
				gotIDs = append(gotIDs, ids)
				if nodes := pathNodes(byID, hub, ids); !slices.Equal(nodes, p.ActorIDs) {
					t.Errorf("%s: path actors %v, its relations join %v", mode, p.ActorIDs, nodes)
				}
			}
			if !slices.EqualFunc(gotIDs, want, slices.Equal[[]string]) {
				t.Errorf("%s paths %s → %s (of %d simple paths ≤ %d hops):\n got %v\nwant %v", mode, hub, to, len(all), maxHops, gotIDs, want)
			}
		}
	})

	t.Run("a neighbourhood beyond the bounds is truncated, nearest actors first", func(t *testing.T) {
		got, err := db.Neighbourhoods(ctx, []string{hub}, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := got[0]
		within := 0
		for _, d := range dist {
			if d <= 2 {
				within++
			}
		}
		among := 0
		for _, e := range edges {
			if d1, ok := dist[e.from]; ok && d1 <= 2 {
				if d2, ok := dist[e.to]; ok && d2 <= 2 && e.from != e.to {
					among++
				}
			}
		}
		t.Logf("depth 2 of %s: %d actors, %d relations; answer %d actors, %d relations", hub, within, among, len(n.ActorIDs), len(n.Relations))
		if within <= 100 && among <= 500 {
			t.Fatalf("the hub's depth-2 neighbourhood (%d actors, %d relations) is within the bounds; it tests nothing", within, among)
		}
		if !n.Truncated {
			t.Errorf("neighbourhood of %d actors and %d relations not marked truncated", within, among)
		}
		if len(n.ActorIDs) > 100 || len(n.Relations) > 500 {
			t.Errorf("%d actors and %d relations: over the bounds 100 and 500", len(n.ActorIDs), len(n.Relations))
		}
		if len(n.ActorIDs) == 0 || n.ActorIDs[0] != hub {
			t.Fatalf("the neighbourhood does not start with its actor %s: %v", hub, n.ActorIDs)
		}
		for i := 1; i < len(n.ActorIDs); i++ {
			if dist[n.ActorIDs[i]] < dist[n.ActorIDs[i-1]] {
				t.Errorf("actor %s (distance %d) after %s (distance %d): nearest actors must come first",
					n.ActorIDs[i], dist[n.ActorIDs[i]], n.ActorIDs[i-1], dist[n.ActorIDs[i-1]])
			}
		}
		in := map[string]bool{}
		for _, id := range n.ActorIDs {
			in[id] = true
		}
		for _, r := range n.Relations {
			e, ok := byID[r.ID]
			if !ok || !in[r.From] || !in[r.To] || e.from != r.From || e.to != r.To {
				t.Errorf("relation %s (%s→%s) is not a relation of the corpus between two actors of the neighbourhood", r.ID, r.From, r.To)
			}
		}
	})

	t.Run("a neighbourhood within the bounds is whole and not truncated", func(t *testing.T) {
		// The least connected actor with relations.
		low := ""
		for a, d := range degree {
			if low == "" || d < degree[low] || (d == degree[low] && a < low) {
				low = a
			}
		}
		got, err := db.Neighbourhoods(ctx, []string{low}, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := got[0]
		d := distances(edges, low)
		var want []string
		for a, k := range d {
			if k <= 1 {
				want = append(want, a)
			}
		}
		if n.Truncated || !slices.Equal(slices.Sorted(slices.Values(n.ActorIDs)), slices.Sorted(slices.Values(want))) {
			t.Errorf("neighbourhood of %s: %v (truncated %v), want the actors %v", low, n.ActorIDs, n.Truncated, want)
		}
	})
}

func slicesOf(m map[[2]string]int) []int {
	out := make([]int, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
