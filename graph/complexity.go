package graph

// The cost model of the complexity limit: what each list field may cost.

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

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
//
// A page size (1..MaxPageSize) is capped by what the list can hold on the stored graph,
// when its shape is known (see shapeCache): actors(first: 100) costs 29
// actors on a graph of 29, and an actor's relations(types: [HOSTILE_TO])
// the most hostile relations any actor has, not 50. So listing every
// actor's relations of a type in one query stays under the limit on a map
// of ordinary size, while the same query on a graph that can return more
// costs more.
func setComplexity(c *ComplexityRoot, shapes *shapeCache) {
	bound := func(p *int, def int, held func(*argmap.GraphShape) int) int {
		n := size(p, def)
		// A page size out of range keeps its face value: the resolver
		// would refuse it, and the limit refuses it first, before anything
		// runs.
		if s := shapes.get(); s != nil && n <= argmap.MaxPageSize {
			n = min(n, max(held(s), 1))
		}
		return n
	}
	actors := func(s *argmap.GraphShape) int { return s.Actors }
	q := &c.Query
	q.Actors = func(ch int, first *int, _ *string, _ *model.ActorFilter, _ *argmap.ActorOrder) int {
		return list(bound(first, 20, actors), ch)
	}
	q.Claims = func(ch int, first *int, _ *string, _ *model.ClaimFilter) int {
		return list(bound(first, 20, func(s *argmap.GraphShape) int { return s.Claims }), ch)
	}
	q.Documents = func(ch int, first *int, _ *string, _ *model.DocumentFilter) int {
		return list(bound(first, 20, func(s *argmap.GraphShape) int { return s.Documents }), ch)
	}
	q.Search = func(ch int, _ string, first *int, _ []argmap.SearchKind) int {
		return list(bound(first, 20, func(s *argmap.GraphShape) int { return s.Actors + s.Claims + s.Documents }), ch)
	}
	q.Paths = func(ch int, _, _ string, maxHops, first *int, _ []argmap.RelationType, _ *bool, _ *argmap.PathMode, _ *bool) int {
		return satMul(size(maxHops, 4), list(size(first, 10), ch))
	}
	q.ClaimPaths = func(ch int, _, _ string, maxHops, first *int, _ *bool, _ *argmap.PathMode) int {
		return satMul(size(maxHops, 4), list(size(first, 10), ch))
	}
	q.RiskChains = func(ch int, _, _, _ *string, maxHops, first *int) int {
		return satMul(size(maxHops, 3), list(size(first, 20), ch))
	}
	q.MostConnectedActors = func(ch int, first *int, _ []argmap.RelationType) int { return list(bound(first, 10, actors), ch) }
	q.ArgumentTree = func(ch int, _ string, depth *int) int { return list(pow(3, size(depth, 3)), ch) }

	c.Actor.Claims = func(ch int, first *int) int {
		return list(bound(first, 20, func(s *argmap.GraphShape) int { return s.MaxActorClaims }), ch)
	}
	c.Actor.Relations = func(ch int, _ *argmap.Direction, types []argmap.RelationType, _ *argmap.RelationModality, _ *string, _ *model.DateRange, first *int) int {
		return list(bound(first, 50, func(s *argmap.GraphShape) int { return s.MaxRelations(types) }), ch)
	}
	c.Actor.Neighbourhood = func(ch int, depth *int, _ []argmap.RelationType) int {
		return list(pow(10, size(depth, 1)), ch)
	}
	fanout := func(ch int) int { return list(unboundedFanout, ch) }
	c.Actor.Parts = fanout
	c.Actor.PartOf = fanout
	c.Document.Claims = func(ch int, first *int) int {
		return list(bound(first, 100, func(s *argmap.GraphShape) int { return s.MaxDocumentClaims }), ch)
	}
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

// shapeTTL is how long a measured graph shape is used before it is read
// again; a mutation through the API makes the next request re-read it.
const shapeTTL = 10 * time.Second

// shapeCache holds the stored graph's shape for the cost model. The
// request that finds it stale re-reads it (one statement, from Neo4j's
// counters) before measuring its operation (see refresh). Until a first
// read succeeds the shape is unknown and lists cost their page size.
type shapeCache struct {
	src argmap.StatsService
	cur atomic.Pointer[argmap.GraphShape]
	// due is when the shape is next read, in Unix nanoseconds; mu is held
	// by the one request that reads it.
	due atomic.Int64
	mu  sync.Mutex
}

func (c *shapeCache) get() *argmap.GraphShape {
	if c == nil {
		return nil
	}
	return c.cur.Load()
}

// refresh re-reads the shape when it is due. It runs outside the request's
// context values (no statement log, bookmark or deadline of the request:
// the measurement belongs to no request), bounded to a few seconds. While
// no shape has been read yet, requests wait for the one reading it, so
// that none is costed by page size only because another read was under
// way; afterwards they use the shape they find. A failed read keeps the
// shape read before and is tried again a second later.
func (c *shapeCache) refresh() {
	if c == nil || c.src == nil || time.Now().UnixNano() < c.due.Load() {
		return
	}
	if c.cur.Load() == nil {
		c.mu.Lock()
	} else if !c.mu.TryLock() {
		return
	}
	defer c.mu.Unlock()
	if time.Now().UnixNano() < c.due.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if s, err := c.src.GraphShape(ctx); err == nil {
		c.cur.Store(s)
		c.due.Store(time.Now().Add(shapeTTL).UnixNano())
	} else {
		c.due.Store(time.Now().Add(time.Second).UnixNano())
	}
}

// invalidate makes the next request re-read the shape.
func (c *shapeCache) invalidate() {
	if c != nil {
		c.due.Store(0)
	}
}
