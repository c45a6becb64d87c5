package main

import (
	"encoding/json"
	"fmt"
)

// Query is one research question of the suite: a GraphQL document with its
// variables, and a check that its answer is not empty (a benchmark of an
// empty answer measures nothing) which also describes the answer's size.
type Query struct {
	// Key is a short stable name (flags, targets); Name the report's label.
	Key, Name string
	Text      string
	Vars      map[string]any
	// Check inspects the data of one answer and summarises it ("12 nodes,
	// 40 edges").
	Check func(data map[string]any) (string, error)
}

// body is the JSON POST body of the query.
func (q Query) body() []byte {
	b, _ := json.Marshal(map[string]any{"query": q.Text, "variables": q.Vars})
	return b
}

// The research queries of issue 7, in report order.
const (
	keyActorByAlias = "actor-by-alias"
	keyEgo1         = "ego-1"
	keyEgo2         = "ego-2"
	keyShortestPath = "shortest-path"
	keyAllPaths     = "all-paths"
	keyTree         = "argument-tree"
	keySearch       = "search"
	keyClaimsPage   = "claims-page"
	keyAggregates   = "aggregates"
)

const neighbourhoodQuery = `query ($id: ID!, $depth: Int!) {
  actor(id: $id) {
    id name
    neighbourhood(depth: $depth) {
      nodes { id name type }
      edges { id type modality from { id } to { id } }
    }
  }
}`

const pathsQuery = `query ($from: ID!, $to: ID!, $mode: PathMode!) {
  paths(from: $from, to: $to, maxHops: 4, first: 10, mode: $mode) {
    length
    steps { forward from { id name } to { id name } relation { id type modality } }
  }
}`

// researchQueries returns the suite for the chosen probes.
func researchQueries(p *Probes) []Query {
	return []Query{
		{
			Key: keyActorByAlias, Name: "actor by alias",
			Text: `query ($name: String!) {
  actors(first: 10, filter: {name: $name}) { totalCount nodes { id name type aliases } }
}`,
			Vars: map[string]any{"name": p.Alias},
			Check: func(d map[string]any) (string, error) {
				nodes := list(d, "actors", "nodes")
				for _, n := range nodes {
					if get(n, "id") == p.Actor {
						return fmt.Sprintf("%d actors", len(nodes)), nil
					}
				}
				return "", fmt.Errorf("the actors named %q do not include %s", p.Alias, p.Actor)
			},
		},
		{
			Key: keyEgo1, Name: "ego network depth 1", Text: neighbourhoodQuery,
			Vars:  map[string]any{"id": p.Actor, "depth": 1},
			Check: egoSize,
		},
		{
			Key: keyEgo2, Name: "ego network depth 2", Text: neighbourhoodQuery,
			Vars:  map[string]any{"id": p.Actor, "depth": 2},
			Check: egoSize,
		},
		{
			Key: keyShortestPath, Name: "shortest path", Text: pathsQuery,
			Vars:  map[string]any{"from": p.PathFrom, "to": p.PathTo, "mode": "SHORTEST"},
			Check: pathsSize,
		},
		{
			Key: keyAllPaths, Name: "all paths ≤ 4 hops", Text: pathsQuery,
			Vars:  map[string]any{"from": p.PathFrom, "to": p.PathTo, "mode": "ALL"},
			Check: pathsSize,
		},
		{
			Key: keyTree, Name: "argument tree depth 3",
			Text: `query ($id: ID!) {
  argumentTree(claim: $id, depth: 3) {
    root { id text }
    nodes { depth cycle parent { id } claim { id text role } via { id type kind } }
  }
}`,
			Vars:  map[string]any{"id": p.TreeRoot},
			Check: atLeast(2, "nodes", "argumentTree", "nodes"),
		},
		{
			Key: keySearch, Name: "search",
			Text: `query ($q: String!) {
  search(query: $q, first: 20) { kind score snippet actor { id name } claim { id } document { id title } }
}`,
			Vars: map[string]any{"q": p.SearchTerm},
			Check: func(d map[string]any) (string, error) {
				kinds := map[any]int{}
				hits := list(d, "search")
				for _, h := range hits {
					kinds[get(h, "kind")]++
				}
				sum := fmt.Sprintf("%d hits: %d actors, %d claims, %d documents", len(hits), kinds["ACTOR"], kinds["CLAIM"], kinds["DOCUMENT"])
				if kinds["ACTOR"] == 0 || kinds["CLAIM"] == 0 {
					return "", fmt.Errorf("search %q should find actors and claims, found %s", p.SearchTerm, sum)
				}
				return sum, nil
			},
		},
		{
			Key: keyClaimsPage, Name: "claims page with filters",
			Text: `query ($roles: [ClaimRole!], $hedgings: [Hedging!]) {
  claims(first: 20, filter: {roles: $roles, hedgings: $hedgings}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id text role modality hedging document { id title published } }
  }
}`,
			Vars: map[string]any{"roles": p.ClaimRoles, "hedgings": nilIfEmpty(p.ClaimHedgings)},
			Check: func(d map[string]any) (string, error) {
				n := len(list(d, "claims", "nodes"))
				if n == 0 {
					return "", fmt.Errorf("the page is empty")
				}
				return fmt.Sprintf("%d of %v claims", n, get(d, "claims", "totalCount")), nil
			},
		},
		{
			Key: keyAggregates, Name: "aggregates",
			Text: `{
  graphStats { totalNodes totalRelationships nodes { kind count } relationships { kind count } }
  relationCounts { type count }
  mostConnectedActors(first: 10) { degree actor { id name } }
}`,
			Check: atLeast(1, "most connected actors", "mostConnectedActors"),
		},
	}
}

func nilIfEmpty(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

// get follows keys through nested JSON objects.
func get(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any, keys ...string) []any {
	l, _ := get(v, keys...).([]any)
	return l
}

// atLeast checks that the list at keys has at least n elements, and
// counts them as what.
func atLeast(n int, what string, keys ...string) func(map[string]any) (string, error) {
	return func(d map[string]any) (string, error) {
		got := len(list(d, keys...))
		if got < n {
			return "", fmt.Errorf("%v has %d elements, want at least %d", keys, got, n)
		}
		return fmt.Sprintf("%d %s", got, what), nil
	}
}

func egoSize(d map[string]any) (string, error) {
	nodes, edges := list(d, "actor", "neighbourhood", "nodes"), list(d, "actor", "neighbourhood", "edges")
	if len(nodes) < 2 {
		return "", fmt.Errorf("the neighbourhood has %d actors, want at least 2", len(nodes))
	}
	return fmt.Sprintf("%d actors, %d relations", len(nodes), len(edges)), nil
}

func pathsSize(d map[string]any) (string, error) {
	paths := list(d, "paths")
	if len(paths) == 0 {
		return "", fmt.Errorf("no path")
	}
	lengths := map[any]int{}
	for _, p := range paths {
		lengths[get(p, "length")]++
	}
	return fmt.Sprintf("%d paths (length: count %v)", len(paths), lengths), nil
}
