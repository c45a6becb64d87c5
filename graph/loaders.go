package graph

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/argmap/argmap/internal/argmap"
)

// Loaders batch the reads of one request: every field that needs an actor,
// a claim, a document, links or relations asks its loader, and each loader
// answers all keys asked for in the same tick with one store call (one
// Cypher statement). A nested query therefore runs a number of statements
// bounded by its depth, not by its number of rows.
type loaders struct {
	actor          *batcher[string, *argmap.Actor]
	claim          *batcher[string, *argmap.Claim]
	document       *batcher[string, *argmap.Document]
	claimLinks     *batcher[string, []*argmap.Link]
	actorParts     *batcher[string, []string]
	actorClaimN    *batcher[string, int64]
	actorClaims    *batcher[firstKey, []string]
	documentClaims *batcher[firstKey, []string]
	actorRelations *batcher[relationsKey, []*argmap.Relation]
	neighbourhood  *batcher[neighbourhoodKey, *argmap.Neighbourhood]
}

// firstKey asks for the first N items of a node's list.
type firstKey struct {
	ID    string
	First int
}

// relationsKey asks for an actor's relations under a filter. Keys with
// equal filters share one statement.
type relationsKey struct {
	ID     string
	Filter relationFilterKey
}

// relationFilterKey is argmap.RelationFilter in comparable form.
type relationFilterKey struct {
	Direction  argmap.Direction
	Types      string // sorted, comma-separated
	Modality   argmap.RelationModality
	DocumentID string
	From, To   string // ISO dates or ""
	First      int
}

type neighbourhoodKey struct {
	ID    string
	Group neighbourhoodGroup
}

type neighbourhoodGroup struct {
	Depth int
	Types string // sorted, comma-separated
}

func newLoaders(read argmap.ReadService, explore argmap.ExploreService, wait time.Duration) *loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(argmap.MaxPageSize * 10)}
	l := &loaders{
		actor:       newBatcher(inOrder(read.ActorsByID), opts...),
		claim:       newBatcher(inOrder(read.ClaimsByID), opts...),
		document:    newBatcher(inOrder(read.DocumentsByID), opts...),
		claimLinks:  newBatcher(inOrder(read.ClaimLinks), opts...),
		actorParts:  newBatcher(inOrder(read.ActorParts), opts...),
		actorClaimN: newBatcher(inOrder(explore.ActorClaimCounts), opts...),
		actorClaims: newBatcher(grouped(func(k firstKey) int { return k.First }, func(k firstKey) string { return k.ID },
			func(ctx context.Context, ids []string, first int) ([][]string, error) {
				return read.ActorClaimIDs(ctx, ids, first)
			}), opts...),
		documentClaims: newBatcher(grouped(func(k firstKey) int { return k.First }, func(k firstKey) string { return k.ID },
			func(ctx context.Context, ids []string, first int) ([][]string, error) {
				return read.DocumentClaimIDs(ctx, ids, first)
			}), opts...),
	}
	l.actorRelations = newBatcher(grouped(func(k relationsKey) relationFilterKey { return k.Filter }, func(k relationsKey) string { return k.ID },
		func(ctx context.Context, ids []string, f relationFilterKey) ([][]*argmap.Relation, error) {
			rels, related, err := read.ActorRelations(ctx, ids, f.filter())
			if err == nil {
				l.prime(related)
			}
			return rels, err
		}), opts...)
	l.neighbourhood = newBatcher(grouped(func(k neighbourhoodKey) neighbourhoodGroup { return k.Group }, func(k neighbourhoodKey) string { return k.ID },
		func(ctx context.Context, ids []string, g neighbourhoodGroup) ([]*argmap.Neighbourhood, error) {
			return explore.Neighbourhoods(ctx, ids, g.Depth, splitTypes(g.Types))
		}), opts...)
	return l
}

// prime puts objects fetched along with an answer into the loaders' caches,
// so the fields that ask for them next need no statement of their own.
func (l *loaders) prime(r *argmap.Related) {
	for _, a := range r.Actors {
		l.actor.Prime(a.ID, a)
	}
	for _, c := range r.Claims {
		l.claim.Prime(c.ID, c)
	}
}

// inOrder adapts a store batch method (values in key order) to a loader
// fetch function.
func inOrder[V any](fetch func(context.Context, []string) ([]V, error)) func(context.Context, []string) ([]V, []error) {
	return func(ctx context.Context, keys []string) ([]V, []error) {
		vals, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		return vals, nil
	}
}

// grouped adapts a batch method with parameters: keys are grouped by their
// parameters (group), and each group is fetched with one call.
func grouped[K comparable, G comparable, V any](group func(K) G, id func(K) string, fetch func(context.Context, []string, G) ([]V, error)) func(context.Context, []K) ([]V, []error) {
	return func(ctx context.Context, keys []K) ([]V, []error) {
		out := make([]V, len(keys))
		byGroup := map[G][]int{}
		var order []G
		for i, k := range keys {
			g := group(k)
			if _, ok := byGroup[g]; !ok {
				order = append(order, g)
			}
			byGroup[g] = append(byGroup[g], i)
		}
		for _, g := range order {
			idx := byGroup[g]
			ids := make([]string, len(idx))
			for j, i := range idx {
				ids[j] = id(keys[i])
			}
			vals, err := fetch(ctx, ids, g)
			if err != nil {
				return nil, []error{err}
			}
			for j, i := range idx {
				out[i] = vals[j]
			}
		}
		return out, nil
	}
}

func newRelationFilterKey(f argmap.RelationFilter) relationFilterKey {
	k := relationFilterKey{Direction: f.Direction, Types: joinTypes(f.Types), Modality: f.Modality, DocumentID: f.DocumentID, First: f.First}
	if f.Published.From != nil {
		k.From = f.Published.From.Format(time.DateOnly)
	}
	if f.Published.To != nil {
		k.To = f.Published.To.Format(time.DateOnly)
	}
	return k
}

func (k relationFilterKey) filter() argmap.RelationFilter {
	f := argmap.RelationFilter{Direction: k.Direction, Types: splitTypes(k.Types), Modality: k.Modality, DocumentID: k.DocumentID, First: k.First}
	if t, err := time.Parse(time.DateOnly, k.From); err == nil {
		f.Published.From = &t
	}
	if t, err := time.Parse(time.DateOnly, k.To); err == nil {
		f.Published.To = &t
	}
	return f
}

func joinTypes(types []argmap.RelationType) string {
	s := argmap.Strings(types)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

func splitTypes(s string) []argmap.RelationType {
	if s == "" {
		return nil
	}
	var types []argmap.RelationType
	for _, t := range strings.Split(s, ",") {
		types = append(types, argmap.RelationType(t))
	}
	return types
}

type loadersKey struct{}

// withLoaders gives every request its own loaders: their caches must not
// outlive the request, or one researcher would see another's stale reads.
func withLoaders(read argmap.ReadService, explore argmap.ExploreService, wait time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, newLoaders(read, explore, wait))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}
