package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// TestErrorsQuoteABoundedPrefix: an error about a huge input quotes its
// start and says how long it was, instead of echoing it (issue 11: a 1 MB
// id in createActor came back as a 5 MB error; NOT_FOUND and cursor errors
// repeated the whole input).
func TestErrorsQuoteABoundedPrefix(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	srv := MustWriteServer(t, db, false)
	huge := strings.Repeat("x", 900_000) // under the 1 MiB body limit
	for _, tt := range []struct {
		name, query string
		vars        map[string]any
		token       string
	}{
		{"createActor", `mutation($id: ID!) { createActor(input: {id: $id, name: "A", type: ARMED_GROUP}) { id } }`, map[string]any{"id": huge}, writeToken},
		{"actor", `query($id: ID!) { actor(id: $id) { id } }`, map[string]any{"id": huge}, ""},
		{"cursor", `query($c: String) { actors(after: $c) { totalCount } }`, map[string]any{"c": huge}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tt.query, "variables": tt.vars})
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var r response
			if err := json.Unmarshal(b, &r); err != nil || len(r.Errors) == 0 {
				t.Fatalf("status %d, %d bytes, errors %v (%v)", res.StatusCode, len(b), r.Errors, err)
			}
			if r.Errors[0].Extensions["code"] != argmap.EINVALID && r.Errors[0].Extensions["code"] != argmap.ENOTFOUND {
				t.Errorf("code %v: %.300s", r.Errors[0].Extensions["code"], r.Errors[0].Message)
			}
			if len(b) > 16<<10 {
				t.Errorf("a %d-byte answer to a 900 KB input: %.300s…", len(b), b)
			}
			if !strings.Contains(string(b), "900000 characters") {
				t.Errorf("the error does not say how long the input was: %.500s", b)
			}
		})
	}
}
