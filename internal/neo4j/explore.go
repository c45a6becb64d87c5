package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/argmap/argmap/internal/argmap"
)

// This file implements argmap.ExploreService (except Search, in its own
// file). Every method validates its arguments in Go, then runs in one read
// transaction a number of statements that does not grow with the answer:
// one for most methods; for paths, the ends and the actors of the paths
// (two), plus, in ALL mode, one per ring of neighbours fetched and one for
// the relations (findPaths).
//
// Variable-length bounds (*1..6) cannot be Cypher parameters, so the
// statements are built by small functions that splice a validated Go int and
// relationship types from the argmap allowlist (RelationType.RelType), never
// input text. Every value is still a parameter.

var _ argmap.ExploreService = (*DB)(nil)

// Bounds of the answers that the API types cannot express themselves.
const (
	// maxTreeNodes bounds the nodes of an argument tree. Paths are taken
	// shortest first, so a cut tree is complete down to some depth and
	// partial at the next one, never missing a parent.
	maxTreeNodes = 1000
	// maxNeighbourhoodActors bounds the actors of one neighbourhood (the
	// centre, then ring by ring, most connected first): about what a
	// drawing can show.
	maxNeighbourhoodActors = 100
	// maxNeighbourhoodRelations bounds the relations of one neighbourhood
	// (those of the closest actors first).
	maxNeighbourhoodRelations = 500
)

// projPathIDs and projPathRels project the nodes and relationships of path p;
// the relationships in the projRel shape, so that relationFrom and linkFrom
// decode them.
const (
	projPathIDs  = `[n IN nodes(p) | n.id]`
	projPathRels = `[r IN relationships(p) | ` + projRel + `]`
	// pathOrder makes ties deterministic: same-length paths come in order of
	// their node ids, then relationship ids (parallel relations of two
	// documents).
	pathOrder = projPathIDs + `, [r IN relationships(p) | r.id]`
	// simplePath keeps the paths that visit no node twice. Variable-length
	// patterns only keep relationships distinct.
	simplePath = `all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))`
)

// allowedRelTypes returns the alternation of the Neo4j relationship types of the
// given actor relations ("RISK_TO|THREATENS"), or of every actor relation when
// types is empty. PART_OF is not an actor relation and never appears. Types
// come only from the allowlist: an unknown type is a BAD_USER_INPUT.
func allowedRelTypes(types []argmap.RelationType) (string, error) {
	if len(types) == 0 {
		types = argmap.RelationTypes
	}
	var out []string
	for _, t := range types {
		rt := t.RelType()
		if rt == "" {
			return "", argmap.FieldErrorf(argmap.EINVALID, "types", "There is no relation type %q.", t)
		}
		if s := "`" + string(rt) + "`"; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "|"), nil
}

// pathArrow is the right end of a relationship pattern: directed or not.
func pathArrow(directed bool) string {
	if directed {
		return "->"
	}
	return "-"
}

// checkPathQuery validates what ActorPaths and ClaimPaths share.
func checkPathQuery(q argmap.PathQuery) error {
	switch {
	case q.From == "":
		return argmap.FieldErrorf(argmap.EINVALID, "from", "Give the id to start from.")
	case q.To == "":
		return argmap.FieldErrorf(argmap.EINVALID, "to", "Give the id to end at.")
	case q.From == q.To:
		return argmap.FieldErrorf(argmap.EINVALID, "to", "A path needs two different ends (both are %q).", q.From)
	case q.Mode != "" && q.Mode != argmap.PathShortest && q.Mode != argmap.PathAll:
		return argmap.FieldErrorf(argmap.EINVALID, "mode", "There is no path mode %q: use SHORTEST or ALL.", q.Mode)
	}
	if err := argmap.CheckRange("maxHops", q.MaxHops, 1, argmap.MaxPathHops); err != nil {
		return err
	}
	return argmap.CheckRange("first", q.First, 1, argmap.MaxPageSize)
}

// findPaths answers ActorPaths and ClaimPaths between the nodes q.From and
// q.To of one label over the relationship types rels (an allowlisted
// alternation): simple paths (no node twice), shortest first, then in order
// of their node ids, then of their relationship ids (parallel relations of
// several documents); at most q.First. SHORTEST keeps only the paths of the
// shortest length.
//
// A variable-length pattern cannot do this fast on the actor network:
// popular actor pairs have hundreds of parallel relations, so the paths of
// 3 or 4 hops between two actors number in the millions, and ORDER BY must
// see them all. So the search runs in Go over the network with parallel
// relations merged (neighbour lists, fetched breadth first, one statement
// per ring), one length at a time, and stops at the length where it has
// q.First paths:
//
//   - the sequences of nodes of length L meet in the middle: the first
//     ceil(L/2) steps from the start, the others back from the end, so it
//     needs the neighbours of the nodes within ceil(L/2)-1 steps of one end
//     and floor(L/2)-1 of the other, never the whole network;
//   - a depth-first walk over sorted neighbour lists yields the sequences in
//     node-id order, so it stops after the first ones it needs;
//   - then one statement fetches, for each step of those sequences, the
//     first q.First relationships in id order, and the paths are their
//     products in that order.
//
// Every statement is a bounded read; the transaction timeout still bounds a
// search between far-apart ends in a dense graph at maxHops 5 or 6.
//
// SHORTEST is the exception: Neo4j's allShortestPaths, a bidirectional
// breadth-first search that expands the smaller frontier, finds the
// shortest length faster than this search (12 ms against 80 ms between two
// actors 3 hops apart at scale L), and the shortest paths alone are few
// enough to sort.
func findPaths(ctx context.Context, tx *txRunner, label argmap.NodeLabel, rels string, q argmap.PathQuery, noun string) ([]pathRecord, error) {
	shortest := q.Mode != argmap.PathAll
	cypher := fmt.Sprintf(pathEndsCypher, label)
	if shortest {
		cypher = shortestPathsCypher(label, rels, q.MaxHops, q.Directed)
	}
	recs, err := tx.run(ctx, cypher, map[string]any{"from": q.From, "to": q.To, "first": q.First})
	if err != nil {
		return nil, err
	}
	if !recs[0].Values[0].(bool) {
		return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no %s %q.", noun, q.From)
	}
	if !recs[0].Values[1].(bool) {
		return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no %s %q.", noun, q.To)
	}
	if shortest {
		return pathRecords(recs[0].Values[2]), nil
	}
	s := &pathSearch{tx: tx, label: label, rels: rels, directed: q.Directed, adj: map[string]map[string][]string{}}
	fwd, back := "both", "both"
	if q.Directed {
		fwd, back = "out", "in"
	}
	var out []pathRecord
	for hops := 1; hops <= q.MaxHops && len(out) < q.First; hops++ {
		left, right := (hops+1)/2, hops/2
		if err := s.ball(ctx, fwd, q.From, left-1); err != nil {
			return nil, err
		}
		if err := s.ball(ctx, back, q.To, right-1); err != nil {
			return nil, err
		}
		seqs := s.sequences(fwd, back, q.From, q.To, left, right, q.First-len(out))
		if len(seqs) == 0 {
			continue
		}
		paths, err := s.expand(ctx, seqs, q.First-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, paths...)
		if q.Mode != argmap.PathAll {
			break
		}
	}
	return out, nil
}

// shortestPathsCypher returns the statement for the shortest paths between
// the nodes $from and $to of one label over the relationship types rels (an
// allowlisted alternation), at most $first, in findPaths' order. It answers
// whether each end exists along with the paths. allShortestPaths evaluates
// the all-nodes label predicate while searching; its paths are simple.
func shortestPathsCypher(label argmap.NodeLabel, rels string, hops int, directed bool) string {
	return fmt.Sprintf(`
OPTIONAL MATCH (a:%[1]s {id: $from})
OPTIONAL MATCH (b:%[1]s {id: $to})
RETURN a IS NOT NULL, b IS NOT NULL, COLLECT {
  MATCH p = allShortestPaths((a)-[:%[2]s*1..%[3]d]%[4]s(b))
  WHERE all(n IN nodes(p) WHERE n:%[1]s)
  WITH p ORDER BY %[5]s
  LIMIT $first
  RETURN {ids: %[6]s, rels: %[7]s}
}`, label, rels, hops, pathArrow(directed), pathOrder, projPathIDs, projPathRels)
}

// pathEndsCypher tells whether both ends of a path query exist.
const pathEndsCypher = `
OPTIONAL MATCH (a:%[1]s {id: $from})
OPTIONAL MATCH (b:%[1]s {id: $to})
RETURN a IS NOT NULL, b IS NOT NULL`

// pathSearch holds the merged neighbour lists fetched so far for one path
// query.
type pathSearch struct {
	tx       *txRunner
	label    argmap.NodeLabel
	rels     string
	directed bool
	// adj maps a direction ("out", "in", "both") to node id to its
	// neighbours' ids, sorted, without repeats.
	adj map[string]map[string][]string
	// reached maps direction and root to the radius fetched around it.
	reached map[string]int
}

// neighboursCypher returns, for each id of $ids, the ids of its neighbours
// of the same label in one direction, sorted, parallel relations merged.
func neighboursCypher(label argmap.NodeLabel, rels, dir string) string {
	left, right := "-", "-"
	switch dir {
	case "out":
		right = "->"
	case "in":
		left = "<-"
	}
	return fmt.Sprintf(`
UNWIND $ids AS id
MATCH (x:%[1]s {id: id})
RETURN id, COLLECT {
  MATCH (x)%[2]s[:%[3]s]%[4]s(y:%[1]s) WHERE y <> x
  WITH DISTINCT y
  RETURN y.id AS y ORDER BY y
} AS ns`, label, left, rels, right)
}

// ball fetches the neighbours in direction dir of every node within radius
// steps of root (radius < 0: none), one statement per ring not yet fetched.
func (s *pathSearch) ball(ctx context.Context, dir, root string, radius int) error {
	if s.reached == nil {
		s.reached = map[string]int{}
	}
	key := dir + " " + root
	done, ok := s.reached[key]
	if !ok {
		done = -1
	}
	adj := s.adj[dir]
	if adj == nil {
		adj = map[string][]string{}
		s.adj[dir] = adj
	}
	for ring := done + 1; ring <= radius; ring++ {
		// The nodes at distance ring are the neighbours of the ring
		// before that are not nearer.
		seen := map[string]bool{root: true}
		frontier := []string{root}
		for range ring {
			var next []string
			for _, id := range frontier {
				for _, n := range adj[id] {
					if !seen[n] {
						seen[n] = true
						next = append(next, n)
					}
				}
			}
			frontier = next
		}
		var ids []string
		for _, id := range frontier {
			if _, ok := adj[id]; !ok {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			recs, err := s.tx.run(ctx, neighboursCypher(s.label, s.rels, dir), map[string]any{"ids": ids})
			if err != nil {
				return err
			}
			for _, id := range ids {
				adj[id] = nil
			}
			for _, r := range recs {
				adj[r.Values[0].(string)] = stringList(r.Values[1])
			}
		}
		s.reached[key] = ring
	}
	return nil
}

// sequences returns at most limit simple node sequences from one node to
// another of left+right steps, in node-id order: left steps forward from
// from, then right steps that lead to to.
func (s *pathSearch) sequences(fwd, back, from, to string, left, right, limit int) [][]string {
	// The ways back: from each meeting node, the ends of simple walks of
	// right steps to `to` (in path order, to last), sorted.
	ends := map[string][][]string{}
	var walkBack func(at string, tail []string)
	walkBack = func(at string, tail []string) {
		if len(tail) == right {
			ends[at] = append(ends[at], slices.Clone(tail))
			return
		}
		for _, n := range s.adj[back][at] {
			if n != from && n != to && !slices.Contains(tail, n) {
				walkBack(n, append([]string{at}, tail...))
			}
		}
	}
	if right == 0 {
		ends[to] = [][]string{nil}
	} else {
		walkBack(to, nil)
		for _, e := range ends {
			slices.SortFunc(e, slices.Compare)
		}
	}
	var out [][]string
	var walk func(seq []string)
	walk = func(seq []string) {
		at := seq[len(seq)-1]
		if len(seq) == left+1 {
			for _, tail := range ends[at] {
				if !slices.ContainsFunc(tail[:max(len(tail)-1, 0)], func(n string) bool { return slices.Contains(seq, n) }) {
					out = append(out, append(slices.Clone(seq), tail...))
					if len(out) == limit {
						return
					}
				}
			}
			return
		}
		for _, n := range s.adj[fwd][at] {
			if n == from || slices.Contains(seq, n) || (n == to && len(seq) < left) {
				continue
			}
			if walk(append(seq, n)); len(out) == limit {
				return
			}
		}
	}
	walk([]string{from})
	return out
}

// stepsCypher returns, for each pair of ids of $pairs, the first $first
// relationships from one to the other (either way unless directed), in id
// order.
func stepsCypher(label argmap.NodeLabel, rels string, directed bool) string {
	return fmt.Sprintf(`
UNWIND $pairs AS pair
MATCH (x:%[1]s {id: pair[0]}), (y:%[1]s {id: pair[1]})
RETURN pair, COLLECT {
  MATCH (x)-[r:%[2]s]%[3]s(y)
  WITH r ORDER BY r.id, type(r)
  LIMIT $first
  RETURN %[4]s
} AS rels`, label, rels, pathArrow(directed), projRel)
}

// expand turns node sequences into at most limit paths: each sequence's
// products of the relationships of its steps, in relationship-id order.
func (s *pathSearch) expand(ctx context.Context, seqs [][]string, limit int) ([]pathRecord, error) {
	var pairs [][]string
	seen := map[[2]string]bool{}
	for _, seq := range seqs {
		for i := range len(seq) - 1 {
			if k := [2]string{seq[i], seq[i+1]}; !seen[k] {
				seen[k] = true
				pairs = append(pairs, k[:])
			}
		}
	}
	recs, err := s.tx.run(ctx, stepsCypher(s.label, s.rels, s.directed), map[string]any{"pairs": pairs, "first": limit})
	if err != nil {
		return nil, err
	}
	steps := make(map[[2]string][]any, len(recs))
	for _, r := range recs {
		p := stringList(r.Values[0])
		steps[[2]string{p[0], p[1]}] = r.Values[1].([]any)
	}
	var out []pathRecord
	for _, seq := range seqs {
		choice := make([][]any, len(seq)-1)
		for i := range choice {
			choice[i] = steps[[2]string{seq[i], seq[i+1]}]
		}
		// An odometer over the choices, the last step turning fastest.
		at := make([]int, len(choice))
		for len(out) < limit && !slices.ContainsFunc(choice, func(c []any) bool { return len(c) == 0 }) {
			rels := make([]any, len(choice))
			for i, c := range choice {
				rels[i] = c[at[i]]
			}
			out = append(out, pathRecord{ids: seq, rels: rels})
			i := len(at) - 1
			for ; i >= 0; i-- {
				if at[i]++; at[i] < len(choice[i]) {
					break
				}
				at[i] = 0
			}
			if i < 0 {
				break
			}
		}
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// pathRecord is one path as the statements return it: node ids and projRel
// relationships, in path order.
type pathRecord struct {
	ids  []string
	rels []any
}

func pathRecords(v any) []pathRecord {
	var out []pathRecord
	for _, x := range v.([]any) {
		m := x.(map[string]any)
		out = append(out, pathRecord{ids: stringList(m["ids"]), rels: m["rels"].([]any)})
	}
	return out
}

// actorPathFrom decodes a path of actor relations. A step is Forward when the
// relation starts at the node the path is at.
func actorPathFrom(p pathRecord) (*argmap.ActorPath, error) {
	ap := &argmap.ActorPath{ActorIDs: p.ids}
	for i, v := range p.rels {
		rel, ok := relationFrom(v)
		if !ok {
			return nil, fmt.Errorf("explore: a path step is not an actor relation: %v", v)
		}
		ap.Steps = append(ap.Steps, argmap.PathStep{Relation: rel, Forward: rel.From == p.ids[i]})
	}
	return ap, nil
}

// ActorPaths implements argmap.ExploreService. Paths only pass through
// actors and follow only actor relations (never PART_OF). SHORTEST (also the
// zero Mode) returns all shortest paths, ALL every simple path up to MaxHops,
// shortest first; ties in node-id order; at most First.
func (db *DB) ActorPaths(ctx context.Context, q argmap.PathQuery) ([]*argmap.ActorPath, error) {
	if err := checkPathQuery(q); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(q.Types)
	if err != nil {
		return nil, err
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ActorPath, error) {
		recs, err := findPaths(ctx, tx, argmap.LabelActor, rels, q, "actor")
		if err != nil {
			return nil, err
		}
		out := make([]*argmap.ActorPath, 0, len(recs))
		for _, p := range recs {
			ap, err := actorPathFrom(p)
			if err != nil {
				return nil, err
			}
			out = append(out, ap)
		}
		return out, fetchPathActors(ctx, tx, out)
	})
}

// claimLinkTypes is the argument layer: the only relationships ClaimPaths and
// ArgumentTree follow.
var claimLinkTypes = string(argmap.RelTypeSupports) + "|" + string(argmap.RelTypeAttacks)

// ClaimPaths implements argmap.ExploreService, like ActorPaths but over
// supports and attacks between claims (q.Types is ignored).
func (db *DB) ClaimPaths(ctx context.Context, q argmap.PathQuery) ([]*argmap.ClaimPath, error) {
	if err := checkPathQuery(q); err != nil {
		return nil, err
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ClaimPath, error) {
		recs, err := findPaths(ctx, tx, argmap.LabelClaim, claimLinkTypes, q, "claim")
		if err != nil {
			return nil, err
		}
		out := make([]*argmap.ClaimPath, 0, len(recs))
		var ids []string
		for _, p := range recs {
			cp := &argmap.ClaimPath{ClaimIDs: p.ids}
			for i, v := range p.rels {
				l, ok := linkFrom(v)
				if !ok {
					return nil, fmt.Errorf("explore: a path step is not a claim link: %v", v)
				}
				cp.Steps = append(cp.Steps, argmap.ClaimPathStep{Link: l, Forward: l.From == p.ids[i]})
			}
			out = append(out, cp)
			ids = append(ids, cp.ClaimIDs...)
		}
		claims, err := objectsOf(ctx, tx, cypherClaimsByID, uniq(ids), claimFrom)
		if err != nil {
			return nil, err
		}
		byID := indexBy(claims, func(c *argmap.Claim) string { return c.ID })
		for _, cp := range out {
			for _, id := range cp.ClaimIDs {
				cp.Claims = append(cp.Claims, byID[id])
			}
		}
		return out, nil
	})
}

// treeCypher returns the statement for the argument tree of $id to depth:
// every path that follows supports and attacks backwards from the root and
// repeats no claim, except that its last claim may close a cycle (the tree
// marks it and stops there). Taking paths shortest first keeps every kept
// path's prefixes, so the cut at maxTreeNodes ($max) never orphans a node.
func treeCypher(depth int) string {
	return fmt.Sprintf(`
OPTIONAL MATCH (root:Claim {id: $id})
RETURN root IS NOT NULL AS found, COLLECT {
  MATCH p = (root)<-[:%s*1..%d]-(:Claim)
  WITH p, nodes(p)[..-1] AS branch
  WHERE all(n IN branch WHERE single(m IN branch WHERE m = n))
  WITH p ORDER BY length(p), %s
  LIMIT $max
  RETURN %s
} AS paths`, claimLinkTypes, depth, pathOrder, projPathRels)
}

// ArgumentTree implements argmap.ExploreService. Nodes[0] is the root
// (Depth 0, no Via); then the tree in depth-first order, the children of a
// claim being its supporters before its attackers, each in claim id order
// (then link id). At most maxTreeNodes nodes besides the root.
func (db *DB) ArgumentTree(ctx context.Context, claimID string, depth int) (*argmap.ArgumentTree, error) {
	if claimID == "" {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "claimId", "Give the id of a claim.")
	}
	if err := argmap.CheckRange("depth", depth, 1, argmap.MaxTreeDepth); err != nil {
		return nil, err
	}
	cypher := treeCypher(depth)
	params := map[string]any{"id": claimID, "max": maxTreeNodes}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) (*argmap.ArgumentTree, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		if !recs[0].Values[0].(bool) {
			return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no claim %q.", claimID)
		}
		var paths [][]*argmap.Link
		for _, x := range recs[0].Values[1].([]any) {
			var links []*argmap.Link
			for _, v := range x.([]any) {
				l, ok := linkFrom(v)
				if !ok {
					return nil, fmt.Errorf("explore: a tree edge is not a claim link: %v", v)
				}
				links = append(links, l)
			}
			paths = append(paths, links)
		}
		tree := buildTree(claimID, paths)
		var ids []string
		for _, n := range tree.Nodes {
			ids = append(ids, n.ClaimID)
		}
		if tree.Claims, err = objectsOf(ctx, tx, cypherClaimsByID, uniq(ids), claimFrom); err != nil {
			return nil, err
		}
		return tree, nil
	})
}

// buildTree turns the root-to-leaf link paths (each path's links lead
// backwards from the root: links[0].To is the root) into a tree in
// depth-first order. Sorting the paths by their sequence of sibling keys, a
// prefix before its extensions, is exactly a depth-first walk.
func buildTree(rootID string, paths [][]*argmap.Link) *argmap.ArgumentTree {
	siblingKey := func(a, b *argmap.Link) int {
		return cmp.Or(cmp.Compare(linkRank(a.Type), linkRank(b.Type)), cmp.Compare(a.From, b.From), cmp.Compare(a.ID, b.ID))
	}
	slices.SortFunc(paths, func(a, b []*argmap.Link) int {
		for i := range min(len(a), len(b)) {
			if c := siblingKey(a[i], b[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a), len(b))
	})
	t := &argmap.ArgumentTree{RootID: rootID, Nodes: []argmap.ArgumentNode{{ClaimID: rootID}}}
	for _, links := range paths {
		via := links[len(links)-1]
		cycle := via.From == rootID
		for _, l := range links[:len(links)-1] {
			cycle = cycle || l.From == via.From
		}
		t.Nodes = append(t.Nodes, argmap.ArgumentNode{ClaimID: via.From, ParentID: via.To, Depth: len(links), Via: via, Cycle: cycle})
	}
	return t
}

// linkRank puts supporters before attackers.
func linkRank(t argmap.LinkType) int {
	if t == argmap.LinkSupports {
		return 0
	}
	return 1
}

// riskCypher returns the statement for risk chains of 1..hops relations of
// the types rels (allowlisted), directed, repeating no actor. Only maximal
// chains are kept: those that reach hops or cannot go on without coming back
// to an actor on the chain; their prefixes would only repeat them. Longest
// first, then in node-id order.
//
// From an actor ($actor), chains start there. From a claim ($claim), a
// chain's first relation is one the claim is evidence for; it continues from
// that relation's target actor.
func riskCypher(fromClaim bool, rels string, hops int) string {
	start, match := "(s:Actor {id: $actor})", fmt.Sprintf("MATCH p = (s)-[:%s*1..%d]->(z:Actor)", rels, hops)
	if fromClaim {
		start = "(s:Claim {id: $claim})"
		// Relationship type scan: evidence lists have no index, and the
		// risk relation types are a small part of the graph.
		match = fmt.Sprintf(`MATCH (x:Actor)-[r0:%[1]s]->(:Actor) WHERE $claim IN r0.evidence
  MATCH p = (x)-[r0]->()-[:%[1]s*0..%[2]d]->(z:Actor)`, rels, hops-1)
	}
	return fmt.Sprintf(`
OPTIONAL MATCH %[1]s
RETURN s IS NOT NULL AS found, COLLECT {
  %[2]s
  WHERE all(n IN nodes(p) WHERE n:Actor) AND %[3]s
    AND (length(p) = %[4]d OR NOT EXISTS { (z)-[:%[5]s]->(y:Actor) WHERE NOT y IN nodes(p) })
  WITH p ORDER BY length(p) DESC, %[6]s
  LIMIT $first
  RETURN {ids: %[7]s, rels: %[8]s}
} AS paths`, start, match, simplePath, hops, rels, pathOrder, projPathIDs, projPathRels)
}

// RiskChains implements argmap.ExploreService over argmap.RiskRelationTypes:
// maximal chains, longest first (see riskCypher), at most First (1..100),
// of 1..MaxHops (1..MaxPathHops) relations.
func (db *DB) RiskChains(ctx context.Context, q argmap.RiskQuery) ([]*argmap.ActorPath, error) {
	if (q.ActorID == "") == (q.ClaimID == "") {
		return nil, argmap.FieldErrorf(argmap.EINVALID, "actorId", "Give either an actor or a claim to start from, not both.")
	}
	if err := argmap.CheckRange("maxHops", q.MaxHops, 1, argmap.MaxPathHops); err != nil {
		return nil, err
	}
	if err := argmap.CheckRange("first", q.First, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(argmap.RiskRelationTypes)
	if err != nil {
		return nil, err
	}
	fromClaim := q.ClaimID != ""
	cypher := riskCypher(fromClaim, rels, q.MaxHops)
	params := map[string]any{"actor": q.ActorID, "claim": q.ClaimID, "first": q.First}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ActorPath, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		if !recs[0].Values[0].(bool) {
			if fromClaim {
				return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no claim %q.", q.ClaimID)
			}
			return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no actor %q.", q.ActorID)
		}
		var out []*argmap.ActorPath
		for _, p := range pathRecords(recs[0].Values[1]) {
			ap, err := actorPathFrom(p)
			if err != nil {
				return nil, err
			}
			out = append(out, ap)
		}
		return out, fetchPathActors(ctx, tx, out)
	})
}

// fetchPathActors fills in the actors of paths with one statement.
func fetchPathActors(ctx context.Context, tx *txRunner, paths []*argmap.ActorPath) error {
	var ids []string
	for _, p := range paths {
		ids = append(ids, p.ActorIDs...)
	}
	actors, err := objectsOf(ctx, tx, cypherActorsByID, uniq(ids), actorFrom)
	if err != nil {
		return err
	}
	byID := indexBy(actors, func(a *argmap.Actor) string { return a.ID })
	for _, p := range paths {
		for _, id := range p.ActorIDs {
			p.Actors = append(p.Actors, byID[id])
		}
	}
	return nil
}

// neighbourhoodCypher returns the statement for the neighbourhoods of the
// actors $ids to depth over rels (allowlisted): at most $maxActors actors,
// ring by ring (distance from the centre), most connected first within a
// ring, then by id; and at most $maxRels relations among them, those of the
// closest actors first. truncated tells whether either bound cut something.
//
// The rings are walked breadth first, each actor once: the parallel
// relations of a multigraph never multiply the rows (WITH DISTINCT), and
// "not seen" is a test against the actors already kept, which the bound
// keeps short: once a ring fills the bound, the next ring is not fetched.
// Relations are taken actor by actor in rank order, each actor's to the
// actors ranked before it, so the LIMIT stops the walk early instead of
// sorting every relation among hundreds of popular actors.
func neighbourhoodCypher(rels string, depth int) string {
	var rings strings.Builder
	for range depth {
		fmt.Fprintf(&rings, `
  CALL (seen, ring) {
    WITH seen, ring WHERE size(seen) <= $maxActors
    UNWIND ring AS x
    MATCH (x)-[:%[1]s]-(y:Actor) WHERE NOT y IN seen
    WITH DISTINCT y
    ORDER BY COUNT { (y)-[:%[1]s]-() } DESC, y.id
    RETURN collect(y) AS next
  }
  WITH seen + next AS seen, next AS ring`, rels)
	}
	return fmt.Sprintf(`
UNWIND $ids AS id
MATCH (a:Actor {id: id})
CALL (a) {
  WITH [a] AS seen, [a] AS ring%[2]s
  RETURN seen[..$maxActors] AS ns, size(seen) > $maxActors AS cut
}
WITH id, ns, cut, COLLECT {
  UNWIND range(1, size(ns) - 1) AS i
  WITH ns[i] AS x, ns[..i] AS before
  CALL (x, before) {
    MATCH (x)-[r:%[1]s]-(y) WHERE y IN before
    WITH r ORDER BY r.id, type(r)
    RETURN r
  }
  WITH r LIMIT $maxRels + 1
  RETURN %[3]s AS rel
} AS rels
RETURN id, [n IN ns | n.id] AS actors, rels[..$maxRels] AS rels, cut OR size(rels) > $maxRels AS truncated`, rels, rings.String(), projRel)
}

// Neighbourhoods implements argmap.ExploreService in one statement for all
// ids. Each neighbourhood lists the actor first, then the actors within
// depth (1..MaxNeighbourhoodDepth) hops, undirected, over types (nil: every
// actor relation): nearest first, then most connected (relations of those
// types), then by id; and the relations of those types among them: for
// each actor in that order, its relations to the actors before it, in id
// order. Unknown ids give nil. At most maxNeighbourhoodActors actors and
// maxNeighbourhoodRelations relations; Truncated says when they cut.
func (db *DB) Neighbourhoods(ctx context.Context, actorIDs []string, depth int, types []argmap.RelationType) ([]*argmap.Neighbourhood, error) {
	if err := argmap.CheckRange("depth", depth, 1, argmap.MaxNeighbourhoodDepth); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(types)
	if err != nil {
		return nil, err
	}
	out := make([]*argmap.Neighbourhood, len(actorIDs))
	if len(actorIDs) == 0 {
		return out, nil
	}
	cypher := neighbourhoodCypher(rels, depth)
	params := map[string]any{"ids": uniqueIDs(actorIDs), "maxActors": maxNeighbourhoodActors, "maxRels": maxNeighbourhoodRelations}
	byID, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (map[string]*argmap.Neighbourhood, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]*argmap.Neighbourhood, len(recs))
		for _, r := range recs {
			n := &argmap.Neighbourhood{ActorIDs: stringList(r.Values[1]), Relations: []*argmap.Relation{}, Truncated: r.Values[3].(bool)}
			for _, v := range r.Values[2].([]any) {
				if rel, ok := relationFrom(v); ok {
					n.Relations = append(n.Relations, rel)
				}
			}
			byID[r.Values[0].(string)] = n
		}
		return byID, nil
	})
	if err != nil {
		return nil, err
	}
	for i, id := range actorIDs {
		out[i] = byID[id]
	}
	return out, nil
}

// mostConnectedCypher ranks actors by their number of relations of the
// types rels (allowlisted), both directions. COUNT over a single relationship
// pattern is read from each node's degree, without visiting relationships.
// Actors without such relations are left out.
func mostConnectedCypher(rels string) string {
	return fmt.Sprintf(`
MATCH (a:Actor)
WITH a.id AS id, COUNT { (a)-[:%s]-() } AS degree
WHERE degree > 0
RETURN id, degree
ORDER BY degree DESC, id
LIMIT $first`, rels)
}

// MostConnectedActors implements argmap.ExploreService: at most first
// (1..MaxPageSize) actors with at least one relation of the types, most
// relations first, ties in id order.
func (db *DB) MostConnectedActors(ctx context.Context, first int, types []argmap.RelationType) ([]argmap.ActorDegree, error) {
	if err := argmap.CheckRange("first", first, 1, argmap.MaxPageSize); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(types)
	if err != nil {
		return nil, err
	}
	cypher := mostConnectedCypher(rels)
	params := map[string]any{"first": first}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]argmap.ActorDegree, error) {
		recs, err := tx.run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make([]argmap.ActorDegree, 0, len(recs))
		for _, r := range recs {
			out = append(out, argmap.ActorDegree{ActorID: r.Values[0].(string), Degree: r.Values[1].(int64)})
		}
		return out, nil
	})
}

// relationCountsCypher counts each actor relation type in one statement.
// Written as COUNT { ()-[:T]->() }, each count is read from Neo4j's count
// store instead of scanning relationships.
var relationCountsCypher = func() string {
	var counts []string
	for _, t := range argmap.RelationTypes {
		counts = append(counts, fmt.Sprintf("COUNT { ()-[:`%s`]->() }", t.RelType()))
	}
	return "RETURN [" + strings.Join(counts, ", ") + "] AS counts"
}()

// RelationCounts implements argmap.ExploreService: one Count per actor
// relation type, in vocabulary order, zeros included. Count.Kind is the
// vocabulary value ("risk_to"), not the relationship type.
func (db *DB) RelationCounts(ctx context.Context) ([]argmap.Count, error) {
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]argmap.Count, error) {
		recs, err := tx.run(ctx, relationCountsCypher, nil)
		if err != nil {
			return nil, err
		}
		counts := recs[0].Values[0].([]any)
		out := make([]argmap.Count, len(argmap.RelationTypes))
		for i, t := range argmap.RelationTypes {
			out[i] = argmap.Count{Kind: string(t), Count: counts[i].(int64)}
		}
		return out, nil
	})
}

// cypherActorClaimCounts counts, per actor, the distinct claims that
// mention it (a claim may mention an actor in several places and roles).
const cypherActorClaimCounts = `
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (:Actor {id: id})<-[:MENTIONS]-(c:Claim)
  RETURN count(DISTINCT c) AS claims
}
RETURN id, claims`

// ActorClaimCounts implements argmap.ExploreService in one statement for all
// ids, in key order; an unknown actor counts 0.
func (db *DB) ActorClaimCounts(ctx context.Context, actorIDs []string) ([]int64, error) {
	out := make([]int64, len(actorIDs))
	if len(actorIDs) == 0 {
		return out, nil
	}
	params := map[string]any{"ids": uniqueIDs(actorIDs)}
	byID, err := read(ctx, db, func(ctx context.Context, tx *txRunner) (map[string]int64, error) {
		recs, err := tx.run(ctx, cypherActorClaimCounts, params)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]int64, len(recs))
		for _, r := range recs {
			byID[r.Values[0].(string)] = r.Values[1].(int64)
		}
		return byID, nil
	})
	if err != nil {
		return nil, err
	}
	for i, id := range actorIDs {
		out[i] = byID[id]
	}
	return out, nil
}

// uniqueIDs returns ids without repeats, in first-seen order, so that a batch
// asks for each key once.
func uniqueIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// uniq returns ids without repeats, in first-seen order.
func uniq(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// indexBy maps non-nil values by their key.
func indexBy[T any](vs []*T, key func(*T) string) map[string]*T {
	m := make(map[string]*T, len(vs))
	for _, v := range vs {
		if v != nil {
			m[key(v)] = v
		}
	}
	return m
}
