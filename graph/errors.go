package graph

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/graph/model"
	"github.com/argmap/argmap/internal/argmap"
)

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
		var se *model.ScalarError
		switch {
		case errors.As(err, &se):
			return scalarError(ctx, gqlErr, se)
		case errors.As(err, &ae):
			if ae.Code == argmap.EINTERNAL {
				return internalError(ctx, logger, gqlErr, err)
			}
			gqlErr.Message = ae.Message
			gqlErr.Extensions["code"] = ae.Code
			if ae.Field != "" {
				gqlErr.Extensions["field"] = ae.Field
			}
			if len(ae.Suggestions) > 0 {
				gqlErr.Extensions["suggestions"] = ae.Suggestions
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

// scalarError presents an argument value written in the document that a
// custom scalar cannot read (a Date "2025-02-30"; variables are checked
// before execution, see checkVariables). gqlgen puts the argument's path
// after the field's in the error's path; the message names it, the path
// becomes the field's own (the spec's path is one into the response) and
// extensions.field follows the convention of the other argument errors.
func scalarError(ctx context.Context, gqlErr *gqlerror.Error, se *model.ScalarError) *gqlerror.Error {
	field := graphql.GetPath(ctx)
	var arg ast.Path
	if len(gqlErr.Path) > len(field) {
		arg = gqlErr.Path[len(field):]
		gqlErr.Path = field
	}
	gqlErr.Message = "Argument " + arg.String() + " " + se.Error() + "."
	gqlErr.Extensions = map[string]any{"code": argmap.EINVALID, "field": errorField(ctx, arg)}
	return gqlErr
}

// errorField is extensions.field for an argument path: the path itself
// (first, filter.published.from), except that a mutation's input argument
// is left out (published, quotes[0].exact), as in the errors the services
// return about the fields of an input.
func errorField(ctx context.Context, arg ast.Path) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Object == "Mutation" && len(arg) > 1 && arg[0] == ast.PathName("input") {
		arg = arg[1:]
	}
	return arg.String()
}

func internalError(ctx context.Context, logger *slog.Logger, gqlErr *gqlerror.Error, err error) *gqlerror.Error {
	id := argmap.RequestID(ctx)
	logger.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
	gqlErr.Message = "Internal error. Quote request id " + id + " when reporting it."
	gqlErr.Extensions = map[string]any{"code": argmap.EINTERNAL, "requestId": id}
	return gqlErr
}
