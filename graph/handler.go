package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
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
	// Off, a query that asks for them is refused with BAD_USER_INPUT.
	Introspection bool
	// FieldSuggestions keeps gqlparser's "Did you mean …?" hints in
	// validation errors. Off, they are removed: they reveal the schema to
	// callers that cannot introspect it (GraphQL Armor's "block field
	// suggestions" plugin).
	FieldSuggestions bool
	// MaxBodyBytes bounds a POST body (413 over it; 0: no limit).
	MaxBodyBytes int64
	// MaxDepth bounds the nesting of selections, through fragments
	// (0: no limit). The deepest query the API's own clients send
	// (paths → steps → relation → evidence → claim → document → …) is 7.
	MaxDepth int
	// MaxAliases bounds the aliases of an operation, fragments expanded.
	MaxAliases int
	// MaxRootFields bounds the top-level fields of an operation.
	MaxRootFields int
	// MaxDirectives bounds the directives of an operation, fragments expanded.
	MaxDirectives int
	// MaxFields bounds the names in a document (checked by a lexer scan
	// before parsing and validation) and the fields of an operation with
	// fragments expanded.
	MaxFields int
	// MaxComplexity bounds the cost of an operation: list fields cost their
	// page size times their children (see setComplexity in limits.go).
	MaxComplexity int
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
	// Observer, when set, receives every operation's outcome (metrics).
	Observer Observer
}

// DefaultOptions are the settings for the research playground.
//
// The limits follow the published defaults of GraphQL Armor
// (escape.tech/graphql-armor/docs/plugins: max-depth 6, max-aliases 15,
// max-directives 50, max-tokens 1000, cost-limit 5000) and Hive/Apollo
// Router's limits (max_depth, max_aliases, max_root_fields, max_directives;
// no default, off unless configured), loosened where this schema needs it:
// its natural queries nest 7 levels (depth 12 leaves room for fragments of
// the playground's own queries), a comparison page may alias a list a few
// dozen times (30), and the nested 50-actor query of TestStatementBound
// (relations, evidence, quotes, claims) costs 73650 in this cost model:
// 100000 admits it and two nested pages of 100 (≈ 20000), and refuses
// three nested pages of 100 (≈ 2 million). The token limit stays at 15000: gqlgen's
// parser bounds the document with it before validation, and MaxFields
// bounds the quadratic validation of repeated fields (see
// documentLimits.MutateOperationParameters).
func DefaultOptions() Options {
	return Options{
		ParserTokenLimit: 15000,
		Introspection:    true,
		FieldSuggestions: true,
		LoaderWait:       time.Millisecond,
		MaxBodyBytes:     1 << 20,
		MaxDepth:         12,
		MaxAliases:       30,
		MaxRootFields:    20,
		MaxDirectives:    50,
		MaxFields:        1000,
		MaxComplexity:    100000,
	}
}

// NewHandler returns the GraphQL endpoint: queries over GET and POST
// (GraphQL over HTTP), one error presenter, one panic handler.
func NewHandler(r *Resolver, opts Options, logger *slog.Logger) http.Handler {
	cfg := Config{Resolvers: r}
	setComplexity(&cfg.Complexity)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.ParserTokenLimit > 0 {
		srv.SetParserTokenLimit(opts.ParserTokenLimit)
	}
	srv.SetDisableSuggestion(!opts.FieldSuggestions)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Runs after parsing and validation, before any resolver; its
	// parameter check runs before parsing.
	srv.Use(&documentLimits{opts: opts})
	srv.AroundResponses(reportCost)
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
	return guardHTTP(opts.MaxBodyBytes, WithBookmarkHeader(WithCaller(opts.Tokens, withLoaders(r.Read, r.Explore, opts.LoaderWait, srv))))
}

// errorPresenter turns every error into what a client may see. Domain
// errors keep their code and message; errors gqlgen itself raises about the
// query (parse, validation, argument coercion) keep theirs; anything else is
// logged in full once and shown as INTERNAL with the request id.
func errorPresenter(logger *slog.Logger, suggestions bool) graphql.ErrorPresenterFunc {
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
			if !suggestions {
				// SetDisableSuggestion covers unknown fields only;
				// arguments, types and enum values have hints too.
				if i := strings.Index(gqlErr.Message, " Did you mean"); i >= 0 {
					gqlErr.Message = gqlErr.Message[:i]
				}
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
