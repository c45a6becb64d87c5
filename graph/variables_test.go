package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
)

// variableCase is one operation with its variables as raw JSON, so that
// 1.5, 4.0 and "4" reach the server as written.
type variableCase struct {
	name, query, vars string
	variable          string // extensions.variable of the request error; "" when the value is accepted
	message           string // the whole message of the request error
}

// Variables are coerced as the spec says (and graphql-js's coerceInputValue
// does): "4" is not an Int, 1.5 is not an Int, an ID is a string or a whole
// number, an enum value is spelled exactly, a Date is YYYY-MM-DD. A value
// that cannot be coerced is a request error (GraphQL over HTTP: 200 for
// application/json, 400 for application/graphql-response+json, no data)
// with BAD_USER_INPUT, extensions.variable and a message naming the
// variable and the type.
func TestVariableCoercion(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	const (
		actors    = `query($first: Int) { actors(first: $first) { totalCount } }`
		actor     = `query($id: ID!) { actor(id: $id) { id } }`
		search    = `query($q: String!, $kinds: [SearchKind!]) { search(query: $q, kinds: $kinds) { score } }`
		directed  = `query($d: Boolean) { paths(from: "sdf", to: "hts", directed: $d) { length } }`
		links     = `query($dir: Direction) { claim(id: "syria-anti-isis-gamble/thesis") { links(direction: $dir) { id } } }`
		documents = `query($f: DocumentFilter) { documents(filter: $f) { totalCount } }`
		date      = `query($d: Date) { documents(filter: {published: {from: $d}}) { totalCount } }`
		createDoc = `mutation($in: DocumentInput!) { createDocument(input: $in) { id } }`
		addClaim  = `mutation($in: ClaimInput!) { addClaim(input: $in) { id } }`
		intWanted = "must be an Int (a whole number), got "
		dateForm  = `must be a Date (a date written YYYY-MM-DD, such as "2025-11-25"), got `
	)
	tests := []variableCase{
		{"Int as a string", actors, `{"first": "4"}`, "first", `Variable $first ` + intWanted + `the string "4".`},
		{"Int with a fraction", actors, `{"first": 1.5}`, "first", `Variable $first ` + intWanted + `the number 1.5.`},
		{"Int as a boolean", actors, `{"first": true}`, "first", `Variable $first ` + intWanted + `true.`},
		{"Int as a list", actors, `{"first": [4]}`, "first", `Variable $first ` + intWanted + `a list.`},
		{"Int beyond 32 bits", actors, `{"first": 1e30}`, "first", `Variable $first must be an Int between -2147483648 and 2147483647, got the number 1e30.`},
		{"Int 2^31", actors, `{"first": 2147483648}`, "first", `Variable $first must be an Int between -2147483648 and 2147483647, got the number 2147483648.`},
		{"Int written 4.0", actors, `{"first": 4.0}`, "", ""},
		{"Int written 1e1", actors, `{"first": 1e1}`, "", ""},
		{"Int", actors, `{"first": 4}`, "", ""},
		{"Int null", actors, `{"first": null}`, "", ""},
		{"ID as a whole number", actor, `{"id": 4}`, "", ""},
		{"ID with a fraction", actor, `{"id": 4.5}`, "id", `Variable $id must be an ID (a string, or a whole number), got the number 4.5.`},
		{"ID as a boolean", actor, `{"id": true}`, "id", `Variable $id must be an ID (a string, or a whole number), got true.`},
		{"ID missing", actor, `{}`, "id", `Variable $id of type ID! is required, but no value was given.`},
		{"ID null", actor, `{"id": null}`, "id", `Variable $id must not be null (its type is ID!).`},
		{"String as a number", search, `{"q": 4}`, "q", `Variable $q must be a String, got the number 4.`},
		{"Boolean as a string", directed, `{"d": "true"}`, "d", `Variable $d must be a Boolean (true or false), got the string "true".`},
		{"enum in lower case", links, `{"dir": "out"}`, "dir", `Variable $dir must be a Direction: one of OUT, IN, BOTH, got the string "out".`},
		{"enum list item", search, `{"q": "hts", "kinds": ["ACTOR", "PERSON"]}`, "kinds", `Variable $kinds[1] must be a SearchKind: one of ACTOR, CLAIM, DOCUMENT, got the string "PERSON".`},
		{"enum list of one", search, `{"q": "hts", "kinds": "ACTOR"}`, "", ""},
		{"list item null", search, `{"q": "hts", "kinds": ["ACTOR", null]}`, "kinds", `Variable $kinds[1] must not be null (its type is SearchKind!).`},
		{"input object as a string", documents, `{"f": "2025"}`, "f", `Variable $f must be a DocumentFilter (an object), got the string "2025".`},
		{"unknown input field", documents, `{"f": {"publishd": {}}}`, "f", `Variable $f has no field "publishd": the fields of DocumentFilter are published.`},
		{"Date month 13", date, `{"d": "2025-13-45"}`, "d", `Variable $d ` + dateForm + `the string "2025-13-45": there is no such month.`},
		{"Date 30 February", date, `{"d": "2025-02-30"}`, "d", `Variable $d ` + dateForm + `the string "2025-02-30": there is no such day.`},
		{"Date in words", date, `{"d": "yesterday"}`, "d", `Variable $d ` + dateForm + `the string "yesterday".`},
		{"Date as a number", date, `{"d": 20250101}`, "d", `Variable $d ` + dateForm + `the number 20250101.`},
		{"Date", date, `{"d": "2025-01-01"}`, "", ""},
		{"Date in an input", documents, `{"f": {"published": {"from": "2025-01-01", "to": "2025-02-30"}}}`, "f", `Variable $f.published.to ` + dateForm + `the string "2025-02-30": there is no such day.`},
		{"required input field", createDoc, `{"in": {"id": "d", "title": "T", "text": "x"}}`, "in", `Variable $in.published of type Date! is required, but no value was given.`},
		{"Int in a list of inputs", addClaim, `{"in": {"id": "c", "documentId": "d", "text": "x", "role": "PREMISE", "modality": "ASSERTION", "hedging": "NONE",
			"quotes": [{"exact": "x", "start": "3", "end": 4}]}}`, "in", `Variable $in.quotes[0].start ` + intWanted + `the string "3".`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"query": ` + jsonString(tt.query) + `, "variables": ` + tt.vars + `}`
			for _, accept := range []string{"application/json", "application/graphql-response+json"} {
				res, top := rawRequest(t, http.MethodPost, srv.URL, accept, body)
				var errs []struct {
					Message    string
					Extensions map[string]any
				}
				_ = json.Unmarshal(top["errors"], &errs)
				if tt.variable == "" {
					for _, e := range errs {
						if e.Extensions["variable"] != nil || e.Extensions["code"] == "GRAPHQL_VALIDATION_FAILED" {
							t.Fatalf("accept %s: the value was refused: %+v", accept, errs)
						}
					}
					if _, ok := top["data"]; !ok || res.StatusCode != http.StatusOK {
						t.Fatalf("accept %s: status %d, no data: %s", accept, res.StatusCode, top["errors"])
					}
					continue
				}
				wantStatus := http.StatusOK
				if accept != "application/json" {
					wantStatus = http.StatusBadRequest
				}
				if res.StatusCode != wantStatus || !strings.HasPrefix(res.Header.Get("Content-Type"), accept) {
					t.Errorf("accept %s: status %d, Content-Type %q", accept, res.StatusCode, res.Header.Get("Content-Type"))
				}
				if _, ok := top["data"]; ok {
					t.Errorf("accept %s: a request error with a data entry: %s", accept, top["data"])
				}
				if len(errs) != 1 {
					t.Fatalf("accept %s: errors %s, want one", accept, top["errors"])
				}
				e := errs[0]
				if e.Message != tt.message || e.Extensions["code"] != argmap.EINVALID || e.Extensions["variable"] != tt.variable {
					t.Errorf("accept %s: error %q %v,\nwant %q BAD_USER_INPUT on $%s", accept, e.Message, e.Extensions, tt.message, tt.variable)
				}
			}
		})
	}
}

// Literals that are not of their argument's type fail validation, with
// graphql-js's messages; an Int literal must fit in 32 bits as a variable
// must.
func TestLiteralCoercion(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	tests := []struct{ query, message string }{
		{`{ actors(first: 1.5) { totalCount } }`, `Int cannot represent non-integer value: 1.5`},
		{`{ actors(first: "4") { totalCount } }`, `Int cannot represent non-integer value: "4"`},
		{`{ actors(first: 2147483648) { totalCount } }`, `Int cannot represent non 32-bit signed integer value: 2147483648`},
		{`{ argumentTree(claim: "x", depth: -2147483649) { root { id } } }`, `Int cannot represent non 32-bit signed integer value: -2147483649`},
		{`{ actor(id: 4.5) { id } }`, `ID cannot represent a non-string and non-integer value: 4.5`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			status, r := post(t, srv, tt.query)
			if status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Message != tt.message || r.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("status %d, errors %+v, want %q", status, r.Errors, tt.message)
			}
		})
	}
	// The bounds themselves are Ints (and then out of the argument's range).
	_, r := post(t, srv, `{ actors(first: 2147483647) { totalCount } }`)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != argmap.EINVALID {
		t.Errorf("first: 2147483647: errors %+v, want one BAD_USER_INPUT", r.Errors)
	}
}
