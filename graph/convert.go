package graph

import (
	"context"

	"github.com/argmap/argmap/internal/aif"

	"github.com/argmap/argmap/graph/model"
	"github.com/argmap/argmap/internal/argmap"
)

// Argument defaults and conversions shared by the resolvers. Pages prime
// the loaders with their nodes, so fields that reach the same nodes again
// (a relation's own end, say) cost no statement.

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func boolOr(p *bool) bool { return p != nil && *p }

func pageArgs(first *int, after *string) argmap.Page {
	return argmap.Page{First: intOr(first, argmap.DefaultPageSize), After: strOr(after)}
}

func dateRange(r *model.DateRange) argmap.DateRange {
	if r == nil {
		return argmap.DateRange{}
	}
	return argmap.DateRange{From: r.From, To: r.To}
}

func pageInfo[T any](c *argmap.Connection[T]) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: c.HasNextPage, HasPreviousPage: c.HasPreviousPage}
	if n := len(c.Edges); n > 0 {
		pi.StartCursor, pi.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return pi
}

// connection converts a store page into the GraphQL connection, priming
// the loader cache with every node.
func connection[T any](c *argmap.Connection[*T], prime func(*T)) *model.Connection[T] {
	out := &model.Connection[T]{Edges: []*model.Edge[T]{}, Nodes: []*T{}, PageInfo: pageInfo(c), TotalCount: int(c.TotalCount)}
	for _, e := range c.Edges {
		prime(e.Node)
		out.Edges = append(out.Edges, &model.Edge[T]{Cursor: e.Cursor, Node: e.Node})
		out.Nodes = append(out.Nodes, e.Node)
	}
	return out
}

func actorConnection(ctx context.Context, c *argmap.Connection[*argmap.Actor]) *model.ActorConnection {
	l := loadersFrom(ctx).actor
	return connection(c, func(a *argmap.Actor) { l.Prime(a.ID, a) })
}

func claimConnection(ctx context.Context, c *argmap.Connection[*argmap.Claim]) *model.ClaimConnection {
	l := loadersFrom(ctx).claim
	return connection(c, func(x *argmap.Claim) { l.Prime(x.ID, x) })
}

func documentConnection(ctx context.Context, c *argmap.Connection[*argmap.Document]) *model.DocumentConnection {
	l := loadersFrom(ctx).document
	return connection(c, func(d *argmap.Document) { l.Prime(d.ID, d) })
}

// loadAll loads ids through a loader and drops the ids that name nothing
// (an id can dangle only while a concurrent write is removing it).
func loadAll[T any](ctx context.Context, load func(context.Context, []string) ([]*T, error), ids []string) ([]*T, error) {
	vals, err := load(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*T, 0, len(vals))
	for _, v := range vals {
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

func (r *Resolver) actors(ctx context.Context, ids []string) ([]*argmap.Actor, error) {
	return loadAll(ctx, loadersFrom(ctx).actor.LoadAll, ids)
}

func (r *Resolver) claims(ctx context.Context, ids []string) ([]*argmap.Claim, error) {
	return loadAll(ctx, loadersFrom(ctx).claim.LoadAll, ids)
}

// one loads one item and turns a missing one into NOT_FOUND.
func one[T any](ctx context.Context, load func(context.Context, string) (*T, error), kind, id string) (*T, error) {
	v, err := load(ctx, id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, argmap.Errorf(argmap.ENOTFOUND, "There is no %s %q.", kind, id)
	}
	return v, nil
}

// rootOne fetches the object of a root field (actor, claim, document)
// straight from the store: a root field has no siblings to batch with, so
// going through a loader would only add its wait. The object primes the
// loader for the fields below. A missing one is notFound's NOT_FOUND, with
// the ids the client may have meant.
func rootOne[T any](ctx context.Context, fetch func(context.Context, []string) ([]*T, error), prime func(string, *T) bool, notFound func(context.Context, string, string) error, kind, id string) (*T, error) {
	vals, err := fetch(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(vals) != 1 || vals[0] == nil {
		return nil, notFound(ctx, kind, id)
	}
	prime(id, vals[0])
	return vals[0], nil
}

func (r *Resolver) actor(ctx context.Context, id string) (*argmap.Actor, error) {
	return one(ctx, loadersFrom(ctx).actor.Load, "actor", id)
}

func (r *Resolver) claim(ctx context.Context, id string) (*argmap.Claim, error) {
	return one(ctx, loadersFrom(ctx).claim.Load, "claim", id)
}

func (r *Resolver) document(ctx context.Context, id string) (*argmap.Document, error) {
	return one(ctx, loadersFrom(ctx).document.Load, "document", id)
}

// linkedClaims returns the claims at the other end of a claim's links of
// one type and direction.
func (r *Resolver) linkedClaims(ctx context.Context, c *argmap.Claim, t argmap.LinkType, dir argmap.Direction) ([]*argmap.Claim, error) {
	links, err := r.links(ctx, c, dir, &t)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(links))
	for _, l := range links {
		if l.From == c.ID {
			ids = append(ids, l.To)
		} else {
			ids = append(ids, l.From)
		}
	}
	return r.claims(ctx, ids)
}

func (r *Resolver) links(ctx context.Context, c *argmap.Claim, dir argmap.Direction, t *argmap.LinkType) ([]*argmap.Link, error) {
	all, err := loadersFrom(ctx).claimLinks.Load(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := []*argmap.Link{}
	for _, l := range all {
		out_, in := l.From == c.ID, l.To == c.ID
		if (dir == argmap.DirectionOut && !out_) || (dir == argmap.DirectionIn && !in) || (t != nil && l.Type != *t) {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

func relations(rels []*argmap.Relation, self string) []*model.ActorRelation {
	out := make([]*model.ActorRelation, len(rels))
	for i, rel := range rels {
		out[i] = &model.ActorRelation{Relation: rel, Self: self}
	}
	return out
}

// primeAll puts objects an explore answer carries into a loader's cache.
func primeAll[T any](l *batcher[string, *T], vs []*T, id func(*T) string) {
	for _, v := range vs {
		if v != nil {
			l.Prime(id(v), v)
		}
	}
}

func claimInput(in model.ClaimInput) argmap.ClaimInput {
	out := argmap.ClaimInput{ID: in.ID, DocumentID: in.DocumentID, Text: in.Text, Role: in.Role, Modality: in.Modality,
		Hedging: in.Hedging, HedgeCue: strOr(in.HedgeCue)}
	for _, q := range in.Quotes {
		out.Quotes = append(out.Quotes, quoteInput(q))
	}
	return out
}

func quoteInput(q *model.QuoteInput) argmap.Quote {
	aq := argmap.Quote{Exact: q.Exact, Prefix: strOr(q.Prefix), Suffix: strOr(q.Suffix), Start: argmap.Unanchored, End: argmap.Unanchored}
	if q.Start != nil {
		aq.Start = *q.Start
	}
	if q.End != nil {
		aq.End = *q.End
	}
	return aq
}

// aifImport reads AIF JSON (a name that does not collide with the
// resolver's argument).
var aifImport = aif.Import
