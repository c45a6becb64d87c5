package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/argmap/argmap/graph"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// fuzzContentTypes are chosen by the fuzzer's content-type byte.
var fuzzContentTypes = []string{
	"application/json",
	"application/json; charset=utf-8",
	"text/plain",
	"multipart/form-data; boundary=x",
	"",
	"application/graphql",
	"application/json; charset=latin1",
	"application/x-www-form-urlencoded",
}

// FuzzHandler feeds raw bodies to the real handler over a store whose
// address refuses connections: no Neo4j is needed (TestMain still wants
// ARGMAP_TEST_NEO4J_URI set; nothing connects to it). Whatever the body,
// the handler must not panic and must answer valid JSON with a 2xx, 4xx or
// 5xx status.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		jsonBody(`{ graphStats { totalNodes } }`),
		jsonBody(`{ actor(id: "x") { ...A } } fragment A on Actor { parts { ...A } }`),
		jsonBody(`mutation { deleteClaim(id: "x") }`),
		jsonBody(`{ actors(first: 2147483647) { nodes { claims(first: 2147483647) { id } } } }`),
		`[{"query":"{ relationCounts { count } }"}]`,
		`{"query":"query($n:Int){ actors(first:$n){ totalCount } }","variables":{"n":1e30}}`,
		"{\"query\":\"\xff\"}",
		"",
	} {
		f.Add(byte(0), []byte(s))
	}
	addr := neo4jtest.RefusedAddr(f)
	cfg := neo4j.DefaultConfig()
	cfg.URI = "bolt://" + addr
	cfg.AcquireTimeout = 100 * time.Millisecond
	cfg.RetryTime = 100 * time.Millisecond
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close(context.Background()) })
	opts := graph.DefaultOptions()
	opts.MaxBodyBytes = 64 << 10
	h := graph.NewHandler(&graph.Resolver{Stats: db, Read: db, Explore: db, Write: db, Edit: db, Maps: db}, opts, slog.New(slog.DiscardHandler))

	f.Fuzz(func(t *testing.T, ct byte, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		if c := fuzzContentTypes[int(ct)%len(fuzzContentTypes)]; c != "" {
			req.Header.Set("Content-Type", c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code < 200 || rec.Code >= 600 || (rec.Code >= 300 && rec.Code < 400) {
			t.Fatalf("status %d", rec.Code)
		}
		var r map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("status %d, body %q is not JSON: %v", rec.Code, rec.Body.Bytes(), err)
		}
		if _, ok := r["data"]; !ok {
			if _, ok := r["errors"]; !ok {
				t.Fatalf("status %d, body %q has neither data nor errors", rec.Code, rec.Body.Bytes())
			}
		}
	})
}
