package graph

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

func init() {
	// gqlparser's prelude declares @defer, so introspection advertised it,
	// but nothing here delivers incremental results (no multipart
	// transport): a client that relied on it got the whole response at once
	// and no hasNext protocol. Without the declaration, a query that uses
	// @defer fails validation with "Unknown directive" instead of being
	// silently answered some other way. The schema is parsed once, when the
	// package loads, and shared: this runs before anything reads it.
	delete(NewExecutableSchema(Config{}).Schema().Directives, "defer")
}

// NewHandler returns the GraphQL endpoint: queries over GET and POST
// (GraphQL over HTTP, see overHTTP), one error presenter, one panic handler.
func NewHandler(r *Resolver, opts Options, logger *slog.Logger) http.Handler {
	cfg := Config{Resolvers: r}
	shapes := &shapeCache{src: r.Stats}
	setComplexity(&cfg.Complexity, shapes)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	// The schema parsed once and shared (see init), for the variables.
	schema := NewExecutableSchema(cfg).Schema()
	mustCheckScalars(schema)
	srv.AddTransport(overHTTP{schema: schema})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.ParserTokenLimit > 0 {
		srv.SetParserTokenLimit(opts.ParserTokenLimit)
	}
	srv.SetDisableSuggestion(!opts.FieldSuggestions)
	srv.SetValidationRulesFn(validationRules)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Runs after parsing and validation, before any resolver; its
	// parameter check runs before parsing.
	srv.Use(&documentLimits{opts: opts, shapes: shapes})
	srv.AroundResponses(reportCost)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Mutation {
			// What it wrote changes the graph's shape: the next request re-reads it.
			shapes.invalidate()
		}
		return resp
	})
	srv.AroundResponses(reportBookmarks)
	present := errorPresenter(logger, opts.FieldSuggestions)
	if opts.Observer != nil {
		// Every error a client is shown passes here, also those of
		// documents refused before any operation runs.
		inner := present
		present = func(ctx context.Context, err error) *gqlerror.Error {
			e := inner(ctx, err)
			code, _ := e.Extensions["code"].(string)
			opts.Observer.Error(code)
			return e
		}
	}
	srv.SetErrorPresenter(present)
	srv.AroundOperations(observe(opts.Observer, logger))
	srv.AroundOperations(authorize(opts.ReadRequiresToken, present))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return argmap.Errorf(argmap.EINTERNAL, "Internal error.")
	})
	return guardHTTP(opts.MaxBodyBytes, WithBookmarkHeader(WithCaller(opts.Tokens, requireReader(opts.ReadRequiresToken, withLoaders(r.Read, r.Explore, opts.LoaderWait, srv)))))
}
