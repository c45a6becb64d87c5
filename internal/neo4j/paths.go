package neo4j

import (
	"context"
	"fmt"
	"slices"

	"github.com/argmap/argmap/internal/argmap"
)

// pathGraph is what a path search walks: nodes of one label joined by the
// relationship types rels (an allowlisted alternation), followed only in
// their direction when directed. With partOf, rels holds PART_OF as well,
// and part-of links are followed either way even when directed: they say
// who belongs to whom, not who acts on whom.
type pathGraph struct {
	label    argmap.NodeLabel
	rels     string
	directed bool
	partOf   bool
}

// partOfRelType is the alternative that ActorPaths adds to rels for
// PathQuery.ViaPartOf.
const partOfRelType = "`" + string(argmap.RelTypePartOf) + "`"

// mixed tells whether steps follow relations in their direction and
// part-of links either way: then a step is an undirected pattern and a
// condition on the relationship's direction.
func (g pathGraph) mixed() bool { return g.directed && g.partOf }

// step returns the pattern of one step from node x to node y over
// relationship r, in direction dir ("out", "in" or "both"), and the
// condition that goes with it (TRUE when the pattern says all).
func (g pathGraph) step(x, r, y, dir string) (pattern, cond string) {
	if g.mixed() && dir != "both" {
		end := "startNode"
		if dir == "in" {
			end = "endNode"
		}
		return fmt.Sprintf("(%s)-[%s:%s]-(%s)", x, r, g.rels, y), fmt.Sprintf("(%s:%s OR %s(%s) = %s)", r, partOfRelType, end, r, x)
	}
	left, right := "-", "-"
	switch dir {
	case "out":
		right = "->"
	case "in":
		left = "<-"
	}
	return fmt.Sprintf("(%s)%s[%s:%s]%s(%s)", x, left, r, g.rels, right, y), "TRUE"
}

// forward is the direction of a step from the start of a path: "out" when
// directed, else "both"; back is the direction of a step back from the end.
func (g pathGraph) forward() string {
	if g.directed {
		return "out"
	}
	return "both"
}

func (g pathGraph) back() string {
	if g.directed {
		return "in"
	}
	return "both"
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
// q.To of the graph g (q.Directed and q.ViaPartOf are read from g): simple
// paths (no node twice), shortest first, then in order
// of their node ids, then of their relationship ids (parallel relations of
// several documents; part-of links have no id, so then of their documents);
// at most q.First. SHORTEST keeps only the paths of the
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
func findPaths(ctx context.Context, tx *txRunner, g pathGraph, q argmap.PathQuery, noun string) ([]pathRecord, error) {
	shortest := q.Mode != argmap.PathAll
	cypher := fmt.Sprintf(pathEndsCypher, g.label)
	if shortest {
		cypher = shortestPathsCypher(g, q.MaxHops)
	}
	recs, err := tx.run(ctx, cypher, map[string]any{"from": q.From, "to": q.To, "first": q.First})
	if err != nil {
		return nil, err
	}
	if !recs[0].Values[0].(bool) {
		return nil, notFound(ctx, tx, noun, "from", q.From)
	}
	if !recs[0].Values[1].(bool) {
		return nil, notFound(ctx, tx, noun, "to", q.To)
	}
	if shortest {
		return pathRecords(recs[0].Values[2]), nil
	}
	s := &pathSearch{tx: tx, g: g, adj: map[string]map[string][]string{}}
	fwd, back := g.forward(), g.back()
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
// the nodes $from and $to of g of at most hops steps, at most $first, in
// findPaths' order. It answers whether each end exists along with the
// paths. allShortestPaths evaluates the all-nodes label predicate while
// searching; its paths are simple.
//
// allShortestPaths takes one direction for every step. When relations keep
// theirs and part-of links go either way, the statement uses ALL SHORTEST
// over a quantified path pattern instead, whose steps may each carry a
// condition, and which searches from both ends as well.
func shortestPathsCypher(g pathGraph, hops int) string {
	match := fmt.Sprintf("allShortestPaths((a)-[:%s*1..%d]%s(b))", g.rels, hops, pathArrow(g.directed))
	if g.mixed() {
		pattern, cond := g.step("x", "r", "y", "out")
		match = fmt.Sprintf("ALL SHORTEST (a) (%s WHERE %s){1,%d} (b)", pattern, cond, hops)
	}
	return fmt.Sprintf(`
OPTIONAL MATCH (a:%[1]s {id: $from})
OPTIONAL MATCH (b:%[1]s {id: $to})
RETURN a IS NOT NULL, b IS NOT NULL, COLLECT {
  MATCH p = %[2]s
  WHERE all(n IN nodes(p) WHERE n:%[1]s)
  WITH p ORDER BY %[3]s
  LIMIT $first
  RETURN {ids: %[4]s, rels: %[5]s}
}`, g.label, match, pathOrder, projPathIDs, projPathRels)
}

// pathArrow is the right end of a relationship pattern: directed or not.
func pathArrow(directed bool) string {
	if directed {
		return "->"
	}
	return "-"
}

// pathEndsCypher tells whether both ends of a path query exist.
const pathEndsCypher = `
OPTIONAL MATCH (a:%[1]s {id: $from})
OPTIONAL MATCH (b:%[1]s {id: $to})
RETURN a IS NOT NULL, b IS NOT NULL`

// pathSearch holds the merged neighbour lists fetched so far for one path
// query.
type pathSearch struct {
	tx *txRunner
	g  pathGraph
	// adj maps a direction ("out", "in", "both") to node id to its
	// neighbours' ids, sorted, without repeats.
	adj map[string]map[string][]string
	// reached maps direction and root to the radius fetched around it.
	reached map[string]int
}

// neighboursCypher returns, for each id of $ids, the ids of its neighbours
// in g in one direction, sorted, parallel relations merged.
func neighboursCypher(g pathGraph, dir string) string {
	pattern, cond := g.step("x", "r", "y:"+string(g.label), dir)
	return fmt.Sprintf(`
UNWIND $ids AS id
MATCH (x:%[1]s {id: id})
RETURN id, COLLECT {
  MATCH %[2]s WHERE y <> x AND %[3]s
  WITH DISTINCT y
  RETURN y.id AS y ORDER BY y
} AS ns`, g.label, pattern, cond)
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
			recs, err := s.tx.run(ctx, neighboursCypher(s.g, dir), map[string]any{"ids": ids})
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
// relationships of g from one to the other (either way unless directed), in
// id order (part-of links, which have none, last, in document order).
func stepsCypher(g pathGraph) string {
	pattern, cond := g.step("x", "r", "y", g.forward())
	return fmt.Sprintf(`
UNWIND $pairs AS pair
MATCH (x:%[1]s {id: pair[0]}), (y:%[1]s {id: pair[1]})
RETURN pair, COLLECT {
  MATCH %[2]s WHERE %[3]s
  WITH r ORDER BY r.id, type(r), r.doc
  LIMIT $first
  RETURN %[4]s
} AS rels`, g.label, pattern, cond, projRel)
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
	recs, err := s.tx.run(ctx, stepsCypher(s.g), map[string]any{"pairs": pairs, "first": limit})
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

// ActorPaths implements argmap.ExploreService. Paths only pass through
// actors and follow actor relations, and PART_OF only with ViaPartOf (either
// way, see pathGraph). SHORTEST (also the zero Mode) returns all shortest
// paths, ALL every simple path up to MaxHops, shortest first; ties in
// node-id order; at most First.
func (db *DB) ActorPaths(ctx context.Context, q argmap.PathQuery) ([]*argmap.ActorPath, error) {
	if err := checkPathQuery(q); err != nil {
		return nil, err
	}
	rels, err := allowedRelTypes(q.Types)
	if err != nil {
		return nil, err
	}
	g := pathGraph{label: argmap.LabelActor, rels: rels, directed: q.Directed}
	if q.ViaPartOf {
		g.rels, g.partOf = rels+"|"+partOfRelType, true
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ActorPath, error) {
		recs, err := findPaths(ctx, tx, g, q, "actor")
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

// ClaimPaths implements argmap.ExploreService, like ActorPaths but over
// supports and attacks between claims (q.Types and q.ViaPartOf are ignored).
func (db *DB) ClaimPaths(ctx context.Context, q argmap.PathQuery) ([]*argmap.ClaimPath, error) {
	if err := checkPathQuery(q); err != nil {
		return nil, err
	}
	return read(ctx, db, func(ctx context.Context, tx *txRunner) ([]*argmap.ClaimPath, error) {
		recs, err := findPaths(ctx, tx, pathGraph{label: argmap.LabelClaim, rels: claimLinkTypes, directed: q.Directed}, q, "claim")
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
		claims, err := objectsOf(ctx, tx, cypherClaimsByID, uniqueIDs(ids), claimFrom)
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
