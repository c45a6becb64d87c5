package graph

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

// WithCaller reads the bearer token of a request and puts the caller it
// identifies into the context. The token itself goes no further: it is
// neither stored nor logged.
func WithCaller(tokens *argmap.Tokens, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c argmap.Caller
		if h := r.Header.Get("Authorization"); h != "" {
			c.TokenGiven = true
			if token, ok := bearerToken(h); ok && tokens != nil {
				c.Role = tokens.Role(token)
			}
		}
		next.ServeHTTP(w, r.WithContext(argmap.NewContextWithCaller(r.Context(), c)))
	})
}

// bearerToken reads an Authorization header of the Bearer scheme, whose
// name is case-insensitive (RFC 9110 section 11.1): "bearer t" and
// "BEARER t" give t as "Bearer t" does.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// requireReader refuses, when reads are closed, a request whose caller may
// not read, before gqlgen parses or validates it: validation errors ("Did
// you mean …", input field names) would otherwise tell a caller without a
// token what the schema holds. The answer is 401 with WWW-Authenticate and
// an UNAUTHENTICATED request error (no data entry), as authorize's.
func requireReader(readRequiresToken bool, next http.Handler) http.Handler {
	if !readRequiresToken {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := argmap.CallerFrom(r.Context()).Require(argmap.RoleRead, "Reading this Argmap"); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="argmap"`)
			writeError(w, http.StatusUnauthorized, &gqlerror.Error{Message: argmap.ErrorMessage(err), Extensions: map[string]any{"code": argmap.ErrorCode(err)}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authorize checks each operation before it runs: mutations need write
// access, queries need read access when reads are closed.
func authorize(readRequiresToken bool, present graphql.ErrorPresenterFunc) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx).Operation
		caller := argmap.CallerFrom(ctx)
		var err error
		switch {
		case op != nil && op.Operation == ast.Mutation:
			err = caller.Require(argmap.RoleWrite, "Changing the graph")
		case readRequiresToken:
			err = caller.Require(argmap.RoleRead, "Reading this Argmap")
		}
		if err != nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{present(ctx, err)}})
		}
		return next(ctx)
	}
}
