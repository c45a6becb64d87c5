package graph

// The cost model of the complexity limit: what each list field may cost.

import (
	"math"

	"github.com/argmap/argmap/graph/model"
	"github.com/argmap/argmap/internal/argmap"
)

const maxInt = math.MaxInt

// satAdd adds non-negative costs, saturating at math.MaxInt.
func satAdd(a, b int) int {
	if a < 0 {
		a = 0
	}
	if b < 0 {
		b = 0
	}
	if a > maxInt-b {
		return maxInt
	}
	return a + b
}

// satMul multiplies non-negative costs, saturating at math.MaxInt.
func satMul(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > maxInt/b {
		return maxInt
	}
	return a * b
}

// size reads a page size or hop count argument: its default when absent,
// at least 1. A huge value is kept: the complexity limit refuses it.
func size(p *int, def int) int {
	if p == nil {
		return def
	}
	return max(*p, 1)
}

// list is the cost of a list of n items, each costing 1 + child.
func list(n, child int) int { return satMul(n, satAdd(1, child)) }

// pow is base^exp, saturating.
func pow(base, exp int) int {
	r := 1
	for i := 0; i < exp && r < maxInt; i++ {
		r = satMul(r, base)
	}
	return r
}

// unboundedFanout is the assumed length of lists that take no page size
// (a claim's supporters, an actor's parts, a relation's evidence).
const unboundedFanout = 2

// setComplexity fills in the cost of every list field: its page size
// (first, with the schema's default), times maxHops for path searches,
// times a fan-out per level for recursive searches (argumentTree, 3 per
// level; neighbourhood, 10 per level), times its children.
func setComplexity(c *ComplexityRoot) {
	q := &c.Query
	q.Actors = func(ch int, first *int, _ *string, _ *model.ActorFilter, _ *argmap.ActorOrder) int {
		return list(size(first, 20), ch)
	}
	q.Claims = func(ch int, first *int, _ *string, _ *model.ClaimFilter) int { return list(size(first, 20), ch) }
	q.Documents = func(ch int, first *int, _ *string, _ *model.DocumentFilter) int { return list(size(first, 20), ch) }
	q.Search = func(ch int, _ string, first *int, _ []argmap.SearchKind) int { return list(size(first, 20), ch) }
	q.Paths = func(ch int, _, _ string, maxHops, first *int, _ []argmap.RelationType, _ *bool, _ *argmap.PathMode, _ *bool) int {
		return satMul(size(maxHops, 4), list(size(first, 10), ch))
	}
	q.ClaimPaths = func(ch int, _, _ string, maxHops, first *int, _ *bool, _ *argmap.PathMode) int {
		return satMul(size(maxHops, 4), list(size(first, 10), ch))
	}
	q.RiskChains = func(ch int, _, _, _ *string, maxHops, first *int) int {
		return satMul(size(maxHops, 3), list(size(first, 20), ch))
	}
	q.MostConnectedActors = func(ch int, first *int, _ []argmap.RelationType) int { return list(size(first, 10), ch) }
	q.ArgumentTree = func(ch int, _ string, depth *int) int { return list(pow(3, size(depth, 3)), ch) }

	c.Actor.Claims = func(ch int, first *int) int { return list(size(first, 20), ch) }
	c.Actor.Relations = func(ch int, _ *argmap.Direction, _ []argmap.RelationType, _ *argmap.RelationModality, _ *string, _ *model.DateRange, first *int) int {
		return list(size(first, 50), ch)
	}
	c.Actor.Neighbourhood = func(ch int, depth *int, _ []argmap.RelationType) int {
		return list(pow(10, size(depth, 1)), ch)
	}
	fanout := func(ch int) int { return list(unboundedFanout, ch) }
	c.Actor.Parts = fanout
	c.Actor.PartOf = fanout
	c.Document.Claims = func(ch int, first *int) int { return list(size(first, 100), ch) }
	c.Claim.Links = func(ch int, _ *argmap.Direction, _ *argmap.LinkType) int { return list(unboundedFanout, ch) }
	c.Claim.Actors = fanout
	c.Claim.Supports = fanout
	c.Claim.SupportedBy = fanout
	c.Claim.Attacks = fanout
	c.Claim.AttackedBy = fanout
	c.Claim.Quotes = fanout
	c.ActorRelation.Evidence = fanout
	c.ActorRelation.Quotes = fanout
}
