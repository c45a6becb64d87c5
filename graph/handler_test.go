package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
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

func postVars(tb testing.TB, srv *httptest.Server, query string, vars map[string]any) (int, response) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
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
