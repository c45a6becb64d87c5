package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

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
	present := presentError(logger, suggestions)
	return func(ctx context.Context, err error) *gqlerror.Error {
		e := present(ctx, err)
		e.Message = boundText(e.Message)
		if ps, ok := e.Extensions["problems"].([]map[string]string); ok {
			for _, p := range ps {
				for k, v := range p {
					p[k] = boundText(v)
				}
			}
		}
		return e
	}
}

// Error messages quote the input at fault; a huge input (a 1 MB id) must
// not come back whole, several times over. A quoted string longer than
// maxQuoted characters keeps its start and says how long it was; a message
// longer than maxMessage bytes after that is cut.
const (
	maxQuoted  = 200
	maxMessage = 4000
)

// quotedString is a Go-quoted string in a message (%q); longWord a run
// without spaces, such as an id written without quotes.
var (
	quotedString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	longWord     = regexp.MustCompile(`[^\s"]{` + strconv.Itoa(2*maxQuoted+1) + `,}`)
)

// boundText shortens the long quotations in s and caps its length.
func boundText(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	s = quotedString.ReplaceAllStringFunc(s, func(q string) string {
		inner := []rune(q[1 : len(q)-1])
		if len(inner) <= maxQuoted {
			return q
		}
		return fmt.Sprintf("\"%s…\" (%d characters in all)", string(inner[:maxQuoted/2]), len(inner))
	})
	s = longWord.ReplaceAllStringFunc(s, func(w string) string {
		r := []rune(w)
		if len(r) <= 2*maxQuoted {
			return w
		}
		return fmt.Sprintf("%s… (%d characters in all)", string(r[:maxQuoted/2]), len(r))
	})
	if len(s) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + " … (message cut)"
	}
	return s
}

// presentError is the presenter before boundText.
func presentError(logger *slog.Logger, suggestions bool) graphql.ErrorPresenterFunc {
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
