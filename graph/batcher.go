package graph

import (
	"context"
	"fmt"

	"golang.org/x/sync/singleflight"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"
)

// batcher is a loader that knows when batching cannot help. A field whose
// object is not inside any list (a root actor's relations, say) has no
// siblings to batch with: waiting for them would only add the loader's wait
// to the request. Such loads run their fetch at once; every other load goes
// through the loader, which collects the keys of all sibling fields.
// Either way the answer lands in the loader's cache.
type batcher[K comparable, V any] struct {
	loader *dataloadgen.Loader[K, V]
	fetch  func(context.Context, []K) ([]V, []error)
	// once merges identical immediate fetches: sibling fields of one object
	// (supports, supportedBy, links) often ask for the same key at once.
	once singleflight.Group
}

func newBatcher[K comparable, V any](fetch func(context.Context, []K) ([]V, []error), opts ...dataloadgen.Option) *batcher[K, V] {
	return &batcher[K, V]{loader: dataloadgen.NewLoader(fetch, opts...), fetch: fetch}
}

// Load returns the value of one key.
func (b *batcher[K, V]) Load(ctx context.Context, key K) (V, error) {
	if !inList(ctx) {
		vals, err := b.LoadAll(ctx, []K{key})
		if err != nil {
			var zero V
			return zero, err
		}
		return vals[0], nil
	}
	return b.loader.Load(ctx, key)
}

// LoadAll returns the values of keys, in order.
func (b *batcher[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	if inList(ctx) {
		return b.loader.LoadAll(ctx, keys)
	}
	// Fetched at once, without consulting the cache: a singleton's fields
	// are rarely cached, and reading the loader's cache without starting a
	// batch is not something dataloadgen offers.
	v, err, _ := b.once.Do(fmt.Sprint(keys), func() (any, error) {
		vals, errs := b.fetch(ctx, keys)
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
		for i, k := range keys {
			b.loader.Prime(k, vals[i])
		}
		return vals, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]V), nil
}

// Prime stores a value fetched along with something else.
func (b *batcher[K, V]) Prime(key K, v V) bool { return b.loader.Prime(key, v) }

// inList reports whether the field being resolved belongs to an object that
// is an element of a list somewhere above it.
func inList(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true // outside gqlgen: be safe and batch
	}
	for _, el := range fc.Path() {
		if _, ok := el.(ast.PathIndex); ok {
			return true
		}
	}
	return false
}
