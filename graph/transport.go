package graph

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/argmap/argmap/internal/argmap"
)

// The two media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// overHTTP is GraphQL over HTTP (graphql.github.io/graphql-over-http) for
// GET and POST, in place of gqlgen's transport.GET and transport.POST,
// which differ from the spec in three ways: they answer request errors
// (parse, validation, variable coercion, our document limits) with 422
// when the client accepts application/json, where the spec says a server
// SHOULD answer 200; they put "data": null in those responses, where the
// spec says a request error has no data entry (null data means execution
// began and failed); and a mutation over GET gets 406 instead of 405 with
// Allow: POST. The request itself is checked before it gets here (the
// HTTP guard in internal/http): a POST body is one bounded JSON object.
// Variables are coerced as the spec says (checkVariables), against schema.
type overHTTP struct {
	schema *ast.Schema
}

var _ graphql.Transport = overHTTP{}

func (overHTTP) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return err == nil && mt == mediaJSON
	}
	return false
}

func (o overHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMediaType(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	params := &graphql.RawParams{Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	if msg := readParams(r, params); msg != "" {
		w.WriteHeader(http.StatusBadRequest)
		writeRequestError(w, exec.DispatchError(ctx, gqlerror.List{{Message: msg, Extensions: map[string]any{"code": argmap.EINVALID}}}))
		return
	}
	params.ReadTime.End = graphql.Now()
	if params.Variables != nil {
		normalizeNumbers(params.Variables)
	}

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if opCtx.Variables != nil || isVariableError(errs) {
		// The document is valid and gqlparser has coerced the variables
		// (leaving params.Variables as they came, but for lists of one
		// written as a single value). Its verdict is replaced by the
		// spec's, which refuses more and says what is wrong, and which
		// comes before the document limits' (the cost of a page depends
		// on the variables).
		if err := checkVariables(o.schema, opCtx.Operation, params.Variables); err != nil {
			errs = gqlerror.List{err}
		} else if isVariableError(errs) {
			// Not expected: checkVariables refuses all gqlparser does.
			for _, e := range errs {
				e.Extensions = map[string]any{"code": argmap.EINVALID}
			}
		}
	}
	if errs != nil {
		// A request error: nothing was executed.
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		w.WriteHeader(status)
		writeRequestError(w, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		// GET is safe: a mutation must not run because a link was followed.
		w.Header().Set("Allow", http.MethodPost)
		w.WriteHeader(http.StatusMethodNotAllowed)
		writeRequestError(w, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{{
			Message: "Mutations must be sent with POST.", Extensions: map[string]any{"code": argmap.EINVALID},
		}}))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	b, err := json.Marshal(responses(ctx))
	if err != nil {
		// Every value the resolvers return marshals; a failure is a bug.
		panic(err)
	}
	_, _ = w.Write(b)
}

// readParams fills p from the URL query string (GET) or the JSON body
// (POST), or says what is wrong.
func readParams(r *http.Request, p *graphql.RawParams) string {
	if r.Method == http.MethodGet {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return "The URL query string cannot be decoded."
		}
		p.Query = q.Get("query")
		p.OperationName = q.Get("operationName")
		for k, into := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
			if v := q.Get(k); v != "" {
				if decodeJSON(strings.NewReader(v), into) != nil {
					return "The " + k + " parameter must be a JSON object."
				}
			}
		}
		return ""
	}
	if decodeJSON(r.Body, p) != nil {
		return "The request body must be a JSON object with a string query."
	}
	return ""
}

func decodeJSON(r io.Reader, into any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return dec.Decode(into)
}

// responseMediaType is the media type of the answer: the first of the
// client's Accept entries that GraphQL over HTTP defines, application/json
// for */*, application/* or no Accept header (as the spec says a server
// SHOULD assume), and application/json for anything else (the spec allows
// it in place of 406; a client that sends Accept: text/html still reads
// JSON more easily than a bare 406).
func responseMediaType(accept string) string {
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		case mediaJSON, "*/*", "application/*":
			return mediaJSON
		}
	}
	return mediaJSON
}

// requestErrorResponse is the answer to a request that was not executed:
// errors and extensions, and no data entry at all.
type requestErrorResponse struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func writeRequestError(w io.Writer, resp *graphql.Response) {
	b, _ := json.Marshal(requestErrorResponse{Errors: resp.Errors, Extensions: resp.Extensions})
	_, _ = w.Write(b)
}
