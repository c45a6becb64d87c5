package neo4j_test

import (
	"context"
	"slices"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

// partOfEdges are the part-of links of the map, as a graph walk sees them.
func partOfEdges(m *argmap.Map) []edge {
	var out []edge
	for _, a := range m.Actors {
		for _, whole := range a.PartOf {
			out = append(out, edge{id: "part-of " + a.ID + " " + whole, from: a.ID, to: whole, typ: string(argmap.RelTypePartOf)})
		}
	}
	return out
}

// simplePathsViaPartOf is simplePaths where part-of edges can be walked
// either way even when directed.
func simplePathsViaPartOf(edges []edge, from, to string, maxHops int, directed bool) [][]string {
	return simplePathsWhere(edges, from, to, maxHops, func(e edge) bool { return !directed || e.typ == string(argmap.RelTypePartOf) })
}

// checkPartOfPath checks that p runs from one actor to another over
// relations of the map and part-of links of its actors, each traversed as
// Forward says, and returns its step ids (part-of links as partOfEdges
// names them).
func checkPartOfPath(t *testing.T, m *argmap.Map, p *argmap.ActorPath, from, to string) []string {
	t.Helper()
	rels := map[string]argmap.Relation{}
	for _, r := range m.Relations {
		rels[r.ID] = r
	}
	parts := map[string]bool{}
	for _, e := range partOfEdges(m) {
		parts[e.id] = true
	}
	if len(p.ActorIDs) != len(p.Steps)+1 || p.ActorIDs[0] != from || p.ActorIDs[len(p.ActorIDs)-1] != to {
		t.Fatalf("path %v (%d steps) does not run from %s to %s", p.ActorIDs, len(p.Steps), from, to)
	}
	var ids []string
	for i, s := range p.Steps {
		var id, a, b string
		switch {
		case s.PartOf != nil && s.Relation == nil && s.Kind() == argmap.PathStepPartOf:
			id, a, b = "part-of "+s.PartOf.PartID+" "+s.PartOf.WholeID, s.PartOf.PartID, s.PartOf.WholeID
			if !parts[id] || s.PartOf.DocumentID != seedDoc {
				t.Errorf("step %d: part-of link %+v is not in the map", i, *s.PartOf)
			}
		case s.Relation != nil && s.PartOf == nil && s.Kind() == argmap.PathStepRelation:
			id, a, b = s.Relation.ID, s.Relation.From, s.Relation.To
			if want, ok := rels[id]; !ok || want.From != a || want.To != b || !slices.Equal(s.Relation.Evidence, want.Evidence) {
				t.Errorf("step %d: relation %+v is not the map's", i, *s.Relation)
			}
		default:
			t.Fatalf("step %d: %+v is neither a relation nor a part-of link", i, s)
		}
		if !s.Forward {
			a, b = b, a
		}
		if a != p.ActorIDs[i] || b != p.ActorIDs[i+1] {
			t.Errorf("step %d (%s, forward %v) does not join %s and %s", i, id, s.Forward, p.ActorIDs[i], p.ActorIDs[i+1])
		}
		if f, to := s.Ends(); f != p.ActorIDs[i] || to != p.ActorIDs[i+1] {
			t.Errorf("step %d: Ends() = %s, %s", i, f, to)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestActorPathsViaPartOf(t *testing.T) {
	db, m := mustSeedDB(t)
	ctx := context.Background()
	hostile := []argmap.RelationType{argmap.RelHostileTo}
	tests := []struct {
		name  string
		q     argmap.PathQuery
		types []argmap.RelationType // for the expectation
		all   bool                  // every simple path, not the shortest
	}{
		// The connection of issue 10: sdf → national-army → jihadist-factions ⊃ muhajirun.
		{"shortest sdf to muhajirun", argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 100}, nil, false},
		{"shortest sdf to muhajirun directed", argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 100, Directed: true}, nil, false},
		{"shortest directed to a part of a part", argmap.PathQuery{From: "sdf", To: "french-fighters", MaxHops: 6, First: 100, Directed: true}, nil, false},
		{"shortest directed up to a whole", argmap.PathQuery{From: "hts-hardliners", To: "syria", MaxHops: 6, First: 100, Directed: true}, nil, false},
		{"shortest hostile_to only", argmap.PathQuery{From: "jihadist-factions", To: "french-fighters", MaxHops: 6, First: 100, Types: hostile}, hostile, false},
		{"shortest too far", argmap.PathQuery{From: "sdf", To: "french-fighters", MaxHops: 2, First: 100}, nil, false},
		{"all sdf to muhajirun", argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 4, First: 100, Mode: argmap.PathAll}, nil, true},
		{"all directed sdf to french-fighters", argmap.PathQuery{From: "sdf", To: "french-fighters", MaxHops: 5, First: 100, Mode: argmap.PathAll, Directed: true}, nil, true},
		{"all hts to syrian-government", argmap.PathQuery{From: "hts", To: "syrian-government", MaxHops: 3, First: 100, Mode: argmap.PathAll}, nil, true},
		{"all directed hardliners to syria", argmap.PathQuery{From: "hts-hardliners", To: "syria", MaxHops: 4, First: 100, Mode: argmap.PathAll, Directed: true}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.ViaPartOf = true
			edges := append(relationEdges(m, tt.types), partOfEdges(m)...)
			want := simplePathsViaPartOf(edges, tt.q.From, tt.q.To, tt.q.MaxHops, tt.q.Directed)
			if !tt.all {
				want = shortest(want)
			}
			if tt.name != "shortest too far" && !slices.ContainsFunc(want, func(p []string) bool {
				return slices.ContainsFunc(p, func(id string) bool { return len(id) > 8 && id[:8] == "part-of " })
			}) {
				t.Fatalf("no expected path takes a part-of link: the case checks too little (%q)", want)
			}
			got, err := db.ActorPaths(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids [][]string
			for i, p := range got {
				ids = append(ids, checkPartOfPath(t, m, p, tt.q.From, tt.q.To))
				if i > 0 && len(p.Steps) < len(got[i-1].Steps) {
					t.Errorf("path %d is shorter than path %d: not shortest first", i, i-1)
				}
				for _, s := range p.Steps {
					if s.Relation != nil && tt.q.Directed && !s.Forward {
						t.Errorf("directed query traverses %s backwards", s.Relation.ID)
					}
					if s.Relation != nil && len(tt.q.Types) > 0 && !slices.Contains(tt.q.Types, s.Relation.Type) {
						t.Errorf("step %s has type %s, not asked for", s.Relation.ID, s.Relation.Type)
					}
				}
				if len(p.Actors) != len(p.ActorIDs) {
					t.Errorf("path %v: %d actors fetched", p.ActorIDs, len(p.Actors))
				}
			}
			if g, w := sortedPaths(ids), sortedPaths(want); !slices.Equal(g, w) {
				t.Errorf("paths:\n got %q\nwant %q", g, w)
			}
		})
	}

	t.Run("sdf to muhajirun is 3 hops via part-of, 4 without", func(t *testing.T) {
		q := argmap.PathQuery{From: "sdf", To: "muhajirun", MaxHops: 6, First: 10}
		without, err := db.ActorPaths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.ViaPartOf = true
		with, err := db.ActorPaths(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(without) == 0 || len(with) == 0 || len(without[0].Steps) != 4 || len(with[0].Steps) != 3 {
			t.Fatalf("got %d paths without part-of, %d with; want 4 and 3 hops", len(without), len(with))
		}
		last := with[0].Steps[2]
		if last.Kind() != argmap.PathStepPartOf || last.Forward || last.PartOf.PartID != "muhajirun" || last.PartOf.WholeID != "jihadist-factions" {
			t.Errorf("last step %+v, want jihadist-factions ⊃ muhajirun (against the link)", last)
		}
	})

	t.Run("SHORTEST and ALL agree on the shortest paths and their order", func(t *testing.T) {
		for _, directed := range []bool{false, true} {
			q := argmap.PathQuery{From: "sdf", To: "french-fighters", MaxHops: 6, First: 100, Directed: directed, ViaPartOf: true}
			short, err := db.ActorPaths(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Mode = argmap.PathAll
			all, err := db.ActorPaths(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(short) == 0 || len(all) < len(short) {
				t.Fatalf("directed %v: %d shortest, %d in all", directed, len(short), len(all))
			}
			for i := range short {
				if g, w := checkPartOfPath(t, m, all[i], q.From, q.To), checkPartOfPath(t, m, short[i], q.From, q.To); !slices.Equal(g, w) {
					t.Errorf("directed %v: path %d is %q in ALL, %q in SHORTEST", directed, i, g, w)
				}
			}
		}
	})
}
