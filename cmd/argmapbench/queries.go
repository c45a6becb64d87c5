package main

import (
	"encoding/json"
	"fmt"
)

// Query is one research question of the suite: a GraphQL document with its
// variables, and a check that its answer is not empty (a benchmark of an
// empty answer measures nothing).
type Query struct {
	// Key is a short stable name (flags, targets); Name the report's label.
	Key, Name string
	Text      string
	Vars      map[string]any
	// Check inspects the data of one answer.
	Check func(data map[string]any) error
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
			Check: func(d map[string]any) error {
				for _, n := range list(d, "actors", "nodes") {
					if get(n, "id") == p.Actor {
						return nil
					}
				}
				return fmt.Errorf("the actors named %q do not include %s", p.Alias, p.Actor)
			},
		},
		{
			Key: keyEgo1, Name: "ego network depth 1", Text: neighbourhoodQuery,
			Vars:  map[string]any{"id": p.Actor, "depth": 1},
			Check: minLen(2, "actor", "neighbourhood", "nodes"),
		},
		{
			Key: keyEgo2, Name: "ego network depth 2", Text: neighbourhoodQuery,
			Vars:  map[string]any{"id": p.Actor, "depth": 2},
			Check: minLen(2, "actor", "neighbourhood", "nodes"),
		},
		{
			Key: keyShortestPath, Name: "shortest path", Text: pathsQuery,
			Vars:  map[string]any{"from": p.PathFrom, "to": p.PathTo, "mode": "SHORTEST"},
			Check: minLen(1, "paths"),
		},
		{
			Key: keyAllPaths, Name: "all paths ≤ 4 hops", Text: pathsQuery,
			Vars:  map[string]any{"from": p.PathFrom, "to": p.PathTo, "mode": "ALL"},
			Check: minLen(1, "paths"),
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
			Check: minLen(2, "argumentTree", "nodes"),
		},
		{
			Key: keySearch, Name: "search",
			Text: `query ($q: String!) {
  search(query: $q, first: 20) { kind score snippet actor { id name } claim { id } document { id title } }
}`,
			Vars: map[string]any{"q": p.SearchTerm},
			Check: func(d map[string]any) error {
				kinds := map[any]int{}
				for _, h := range list(d, "search") {
					kinds[get(h, "kind")]++
				}
				if kinds["ACTOR"] == 0 || kinds["CLAIM"] == 0 {
					return fmt.Errorf("search %q should find actors and claims, found %v", p.SearchTerm, kinds)
				}
				return nil
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
			Vars:  map[string]any{"roles": p.ClaimRoles, "hedgings": nilIfEmpty(p.ClaimHedgings)},
			Check: minLen(1, "claims", "nodes"),
		},
		{
			Key: keyAggregates, Name: "aggregates",
			Text: `{
  graphStats { totalNodes totalRelationships nodes { kind count } relationships { kind count } }
  relationCounts { type count }
  mostConnectedActors(first: 10) { degree actor { id name } }
}`,
			Check: minLen(1, "mostConnectedActors"),
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

// minLen checks that the list at keys has at least n elements.
func minLen(n int, keys ...string) func(map[string]any) error {
	return func(d map[string]any) error {
		if got := len(list(d, keys...)); got < n {
			return fmt.Errorf("%v has %d elements, want at least %d", keys, got, n)
		}
		return nil
	}
}
