package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

// Options are the limits and switches of the GraphQL endpoint.
type Options struct {
	// ParserTokenLimit bounds the tokens of one query document, so a huge
	// document is rejected before it costs parsing and validation time.
	ParserTokenLimit int
	// Introspection enables __schema and __type (the playground needs it).
	Introspection bool
	// LoaderWait is how long a loader collects keys before it runs one
	// statement for them all: long enough for gqlgen's concurrent field
	// resolution to ask for every sibling row, short enough not to show in
	// latency. Each level of a nested query waits once.
	LoaderWait time.Duration
	// Tokens are the bearer tokens and their roles. Mutations always need a
	// token with write access.
	Tokens *argmap.Tokens
	// ReadRequiresToken closes reads to callers without a read token.
	ReadRequiresToken bool
}

// DefaultOptions are the settings for the research playground.
func DefaultOptions() Options {
	return Options{ParserTokenLimit: 15000, Introspection: true, LoaderWait: time.Millisecond}
}

// NewHandler returns the GraphQL endpoint: queries over GET and POST
// (GraphQL over HTTP), one error presenter, one panic handler.
func NewHandler(r *Resolver, opts Options, logger *slog.Logger) http.Handler {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.ParserTokenLimit > 0 {
		srv.SetParserTokenLimit(opts.ParserTokenLimit)
	}
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	present := errorPresenter(logger)
	srv.SetErrorPresenter(present)
	srv.AroundOperations(authorize(opts.ReadRequiresToken, present))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return argmap.Errorf(argmap.EINTERNAL, "Internal error.")
	})
	return WithCaller(opts.Tokens, withLoaders(r.Read, r.Explore, opts.LoaderWait, srv))
}

// errorPresenter turns every error into what a client may see. Domain
// errors keep their code and message; errors gqlgen itself raises about the
// query (parse, validation, argument coercion) keep theirs; anything else is
// logged in full once and shown as INTERNAL with the request id.
func errorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var ae *argmap.Error
		switch {
		case errors.As(err, &ae):
			if ae.Code == argmap.EINTERNAL {
				return internalError(ctx, logger, gqlErr, err)
			}
			gqlErr.Message = ae.Message
			gqlErr.Extensions["code"] = ae.Code
			if ae.Field != "" {
				gqlErr.Extensions["field"] = ae.Field
			}
			var ve *argmap.ValidationError
			if errors.As(err, &ve) && len(ve.Problems) > 0 {
				// Every problem, so a client can show them next to its inputs.
				problems := make([]map[string]string, len(ve.Problems))
				for i, p := range ve.Problems {
					problems[i] = map[string]string{"item": p.Item, "field": p.Field, "message": p.Message, "expected": p.Expected, "found": p.Found}
				}
				gqlErr.Extensions["problems"] = problems
				gqlErr.Extensions["field"] = ve.Problems[0].Field
			}
			if ae.Code == argmap.EUNAVAILABLE {
				// The store has logged the cause once; a request id lets
				// an operator match the client's report to the log.
				if id := argmap.RequestID(ctx); id != "" {
					gqlErr.Extensions["requestId"] = id
				}
			}
		case gqlErr.Err == nil:
			// Raised by gqlgen about the query itself: the message is about
			// the client's own document and safe to show.
			if _, ok := gqlErr.Extensions["code"]; !ok {
				gqlErr.Extensions["code"] = argmap.EINVALID
			}
		default:
			return internalError(ctx, logger, gqlErr, err)
		}
		return gqlErr
	}
}

func internalError(ctx context.Context, logger *slog.Logger, gqlErr *gqlerror.Error, err error) *gqlerror.Error {
	id := argmap.RequestID(ctx)
	logger.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
	gqlErr.Message = "Internal error. Quote request id " + id + " when reporting it."
	gqlErr.Extensions = map[string]any{"code": argmap.EINTERNAL, "requestId": id}
	return gqlErr
}
