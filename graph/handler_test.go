package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// response is a GraphQL response as a client sees it.
type response struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// MustServer serves the real handler over the given store.
func MustServer(tb testing.TB, db *neo4j.DB, logs io.Writer) *httptest.Server {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(logs, nil))
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, graph.DefaultOptions(), logger)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(argmap.NewContextWithRequestID(r.Context(), "test-req-1")))
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func post(tb testing.TB, srv *httptest.Server, query string) (int, response) {
	tb.Helper()
	return postVars(tb, srv, query, nil)
}

// postVars posts an operation as a client that accepts
// application/graphql-response+json, where request errors (a document over
// a limit, a validation error) keep a 4xx status.
func postVars(tb testing.TB, srv *httptest.Server, query string, vars map[string]any) (int, response) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, res)
}

func decode(tb testing.TB, res *http.Response) (int, response) {
	tb.Helper()
	defer res.Body.Close()
	var r response
	b, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatalf("status %d, body %q: %v", res.StatusCode, b, err)
	}
	return res.StatusCode, r
}

func TestGraphStats(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	neo4jtest.Run(t, neo4jtest.Driver(t), "CREATE (:Document {id: 'd1'}), (:Actor {id: 'a1'}), (:Actor {id: 'a2'})", nil)
	srv := MustServer(t, db, io.Discard)

	const q = `{ graphStats { totalNodes nodes { kind count } } }`
	check := func(t *testing.T, status int, r response) {
		t.Helper()
		if status != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("status %d errors %+v", status, r.Errors)
		}
		var got struct {
			TotalNodes int
			Nodes      []argmap.Count
		}
		if err := json.Unmarshal(r.Data["graphStats"], &got); err != nil {
			t.Fatal(err)
		}
		if got.TotalNodes != 3 {
			t.Errorf("totalNodes = %d, want 3", got.TotalNodes)
		}
		counts := map[string]int64{}
		for _, c := range got.Nodes {
			counts[c.Kind] = c.Count
		}
		if counts["Actor"] != 2 || counts["Document"] != 1 || counts["Claim"] != 0 {
			t.Errorf("counts = %v", counts)
		}
	}
	t.Run("POST", func(t *testing.T) {
		status, r := post(t, srv, q)
		check(t, status, r)
	})
	t.Run("GET", func(t *testing.T) {
		res, err := http.Get(srv.URL + "?query=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		status, r := decode(t, res)
		check(t, status, r)
	})
}

func TestQueryErrors(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustServer(t, db, io.Discard)
	tests := []struct {
		name, query, code string
	}{
		{"unknown field", `{ graphStats { nope } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"syntax", `{ graphStats { `, "GRAPHQL_PARSE_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := post(t, srv, tt.query)
			if len(r.Errors) == 0 {
				t.Fatal("no error")
			}
			if code := r.Errors[0].Extensions["code"]; code != tt.code {
				t.Errorf("code = %v, want %s (%s)", code, tt.code, r.Errors[0].Message)
			}
		})
	}
}

func TestUnavailable(t *testing.T) {
	// A port that nothing listens on: the real driver, a real refusal.
	addr := neo4jtest.RefusedAddr(t)
	cfg := neo4jtest.Config(t)
	cfg.URI = "bolt://" + addr
	cfg.AcquireTimeout = time.Second
	cfg.RetryTime = time.Second
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	var logs bytes.Buffer
	srv := MustServer(t, db, &logs)

	_, r := post(t, srv, `{ graphStats { totalNodes } }`)
	if len(r.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", r.Errors)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != argmap.EUNAVAILABLE {
		t.Errorf("code = %v, want UNAVAILABLE", e.Extensions["code"])
	}
	if e.Extensions["requestId"] != "test-req-1" {
		t.Errorf("requestId = %v", e.Extensions["requestId"])
	}
	for _, leak := range []string{addr, "dial", "bolt", "Neo4jError", "goroutine"} {
		if strings.Contains(e.Message, leak) {
			t.Errorf("message %q leaks %q", e.Message, leak)
		}
	}
}

// rawRequest sends a request and returns its status, headers and the
// top-level members of the JSON body.
func rawRequest(t *testing.T, method, target, accept, body string) (*http.Response, map[string]json.RawMessage) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatalf("status %d, body %q: %v", res.StatusCode, b, err)
	}
	return res, top
}

// Request errors (the document cannot be parsed or validated, a variable
// cannot be coerced) answer 200 to a client that accepts application/json
// and 400 to one that accepts application/graphql-response+json, and have
// no data entry; an execution error has one (GraphQL over HTTP).
func TestGraphQLOverHTTP_RequestErrors(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	requestErrors := map[string]string{
		"parse":             `{"query":"{"}`,
		"validation":        `{"query":"{ nope }"}`,
		"variable coercion": `{"query":"query($n: Int!){ actors(first: $n) { totalCount } }","variables":{"n":"four"}}`,
		"missing variable":  `{"query":"query($n: Int!){ actors(first: $n) { totalCount } }"}`,
		"over a limit":      jsonBody("{ " + aliasList(31) + " }"),
	}
	for _, accept := range []string{"", "application/json", "*/*", "application/graphql-response+json"} {
		wantStatus, wantType := http.StatusOK, "application/json"
		if accept == "application/graphql-response+json" {
			wantStatus, wantType = http.StatusBadRequest, accept
		}
		for name, body := range requestErrors {
			t.Run(fmt.Sprintf("%s, accept %q", name, accept), func(t *testing.T) {
				res, top := rawRequest(t, http.MethodPost, srv.URL, accept, body)
				if res.StatusCode != wantStatus {
					t.Errorf("status %d, want %d", res.StatusCode, wantStatus)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
					t.Errorf("Content-Type %q, want %s", ct, wantType)
				}
				if _, ok := top["data"]; ok {
					t.Errorf("a request error has a data entry: %s", top["data"])
				}
				if len(top["errors"]) < 3 {
					t.Errorf("no errors: %v", top)
				}
			})
		}
		t.Run(fmt.Sprintf("execution error, accept %q", accept), func(t *testing.T) {
			res, top := rawRequest(t, http.MethodPost, srv.URL, accept, `{"query":"{ actor(id: \"no-such-actor\") { id } }"}`)
			if res.StatusCode != http.StatusOK || string(top["data"]) != `{"actor":null}` || len(top["errors"]) < 3 {
				t.Errorf("status %d, data %s, errors %s", res.StatusCode, top["data"], top["errors"])
			}
		})
	}
}

// A mutation over GET is refused with 405 and Allow: POST, whatever the
// client accepts; a query over GET runs.
func TestGraphQLOverHTTP_MutationOverGET(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	for _, accept := range []string{"", "application/graphql-response+json"} {
		res, top := rawRequest(t, http.MethodGet, srv.URL+"?query="+url.QueryEscape(`mutation { deleteClaim(id: "x") }`), accept, "")
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "POST" {
			t.Errorf("accept %q: status %d, Allow %q; want 405, POST", accept, res.StatusCode, res.Header.Get("Allow"))
		}
		if _, ok := top["data"]; ok || !strings.Contains(string(top["errors"]), "POST") {
			t.Errorf("accept %q: body %v", accept, top)
		}
	}
	res, top := rawRequest(t, http.MethodGet, srv.URL+"?query="+url.QueryEscape(`{ __typename }`), "", "")
	if res.StatusCode != http.StatusOK || string(top["data"]) != `{"__typename":"Query"}` {
		t.Errorf("query over GET: status %d, body %v", res.StatusCode, top)
	}
}

// Introspection lists only the directives the server honours: @defer is
// gone (nothing here delivers incremental results), and a query that uses
// it is refused instead of being answered in one piece.
func TestIntrospection_NoDefer(t *testing.T) {
	srv, _, _ := MustSeeded(t)
	var got struct {
		Schema struct{ Directives []struct{ Name string } } `json:"__schema"`
	}
	mustQuery(t, srv, `{ __schema { directives { name } } }`, nil, &got)
	var names []string
	for _, d := range got.Schema.Directives {
		names = append(names, d.Name)
	}
	if strings.Contains(strings.Join(names, ","), "defer") || !strings.Contains(strings.Join(names, ","), "include") {
		t.Errorf("directives %v: want the standard ones without defer", names)
	}
	_, r := post(t, srv, `{ ... @defer { graphStats { totalNodes } } }`)
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "defer") || r.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("a query with @defer: errors %+v", r.Errors)
	}
}
