package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/argmap/argmap/internal/argmap"
)

// maxTreeNodes bounds the nodes of an argument tree. Paths are taken
// shortest first, so a cut tree is complete down to some depth and partial
// at the next one, never missing a parent.
const maxTreeNodes = 1000

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
		return nil, argmap.FieldErrorf(argmap.EINVALID, "claim", "Give the id of a claim.")
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
			return nil, notFound(ctx, tx, "claim", "claim", claimID)
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
		if tree.Claims, err = objectsOf(ctx, tx, cypherClaimsByID, uniqueIDs(ids), claimFrom); err != nil {
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
