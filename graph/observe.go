package graph

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Observer receives one call per GraphQL operation — what it asked (the
// operation type and its root fields, e.g. "query actor,search": bounded by
// the schema, unlike client-chosen operation names), how it ended ("ok" or
// the first error code) and how long it took — and one call per error a
// client is shown, with its code (also for documents refused before any
// operation runs). cmd/argmap turns these into Prometheus metrics.
type Observer interface {
	Operation(kind, fields, outcome string, d time.Duration)
	Error(code string)
}

// observe reports every operation to obs and logs it with its request id.
func observe(obs Observer, logger *slog.Logger) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		start := time.Now()
		kind, fields := describe(graphql.GetOperationContext(ctx))
		h := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			resp := h(ctx)
			if resp == nil {
				return nil
			}
			outcome := "ok"
			if len(resp.Errors) > 0 {
				outcome, _ = resp.Errors[0].Extensions["code"].(string)
			}
			d := time.Since(start)
			if obs != nil {
				obs.Operation(kind, fields, outcome, d)
			}
			logger.LogAttrs(ctx, slog.LevelInfo, "graphql operation", slog.String("operation", kind+" "+fields),
				slog.String("name", graphql.GetOperationContext(ctx).OperationName), slog.String("outcome", outcome), slog.Duration("duration", d))
			return resp
		}
	}
}

// describe names an operation by its type and root fields.
func describe(oc *graphql.OperationContext) (kind, fields string) {
	if oc == nil || oc.Operation == nil {
		return "unknown", ""
	}
	kind = string(oc.Operation.Operation)
	var names []string
	for _, sel := range oc.Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	slices.Sort(names)
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return kind, strings.Join(names, ",")
}
