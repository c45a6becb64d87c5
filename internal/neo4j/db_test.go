package neo4j_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

func TestDB_Ping(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := db.Ready(context.Background()); err != nil {
		t.Fatalf("Ready after Migrate: %v", err)
	}
}

func TestDB_Migrate(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx := context.Background()
	// Migrations run at every start, so a second run must succeed unchanged.
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	recs := neo4jtest.Run(t, neo4jtest.Driver(t),
		"SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name IN $names RETURN name, type, labelsOrTypes, properties ORDER BY name",
		map[string]any{"names": []string{"actor_id", "claim_id", "document_id"}})
	want := map[string]string{"actor_id": "Actor", "claim_id": "Claim", "document_id": "Document"}
	if len(recs) != len(want) {
		t.Fatalf("got %d id constraints, want %d", len(recs), len(want))
	}
	for _, r := range recs {
		name, _ := r.Get("name")
		typ, _ := r.Get("type")
		labels, _ := r.Get("labelsOrTypes")
		props, _ := r.Get("properties")
		if typ != "UNIQUENESS" || labels.([]any)[0] != want[name.(string)] || props.([]any)[0] != "id" {
			t.Errorf("constraint %v: type=%v labels=%v props=%v", name, typ, labels, props)
		}
	}
}

func TestDB_GraphStats(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	d := neo4jtest.Driver(t)
	neo4jtest.Run(t, d, "CREATE (:Claim {id: 'c1'}), (:Claim {id: 'c2'}), (:Actor {id: 'a1'}), (:Unrelated)", nil)

	stats, err := db.GraphStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, c := range stats.Nodes {
		got[c.Kind] = c.Count
	}
	want := map[string]int64{"Document": 0, "Claim": 2, "Actor": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %d, want %d", k, got[k], v)
		}
	}
	if len(stats.Nodes) != len(argmap.NodeLabels) {
		t.Errorf("got %d node kinds, want one per model label (%d)", len(stats.Nodes), len(argmap.NodeLabels))
	}
	if stats.TotalNodes() != 3 {
		t.Errorf("TotalNodes = %d, want 3 (labels outside the model are not counted)", stats.TotalNodes())
	}
}

func TestDB_WrongPassword(t *testing.T) {
	cfg := neo4jtest.Config(t)
	cfg.Password = "not-the-password"
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())

	err = db.Ping(context.Background())
	if code := argmap.ErrorCode(err); code != argmap.EUNAVAILABLE {
		t.Fatalf("code = %q, want UNAVAILABLE (err %v)", code, err)
	}
	if !neo4j.IsAuthError(err) {
		t.Errorf("IsAuthError = false for %v", err)
	}
	if hint := neo4j.OperatorHint(err); !strings.Contains(hint, "NEO4J_PASSWORD") {
		t.Errorf("hint %q does not name NEO4J_PASSWORD", hint)
	}
	if msg := argmap.ErrorMessage(err); strings.Contains(msg, "Neo.") || strings.Contains(msg, "password") {
		t.Errorf("client message leaks details: %q", msg)
	}
	rerr := db.Ready(context.Background())
	if !strings.Contains(argmap.ErrorMessage(rerr), "NEO4J_PASSWORD") {
		t.Errorf("Ready reason %q does not name NEO4J_PASSWORD", argmap.ErrorMessage(rerr))
	}
}

func TestDB_Unreachable(t *testing.T) {
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

	// The bound only guards against a hang; it is not a latency assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = db.GraphStats(ctx)
	if code := argmap.ErrorCode(err); code != argmap.EUNAVAILABLE {
		t.Fatalf("code = %q, want UNAVAILABLE (err %v)", code, err)
	}
	if ctx.Err() != nil {
		t.Fatal("GraphStats waited for the context deadline instead of failing on its own")
	}
	if hint := neo4j.OperatorHint(err); !strings.Contains(hint, "NEO4J_URI") {
		t.Errorf("hint %q does not name NEO4J_URI", hint)
	}
	if err := db.Ready(context.Background()); argmap.ErrorCode(err) != argmap.EUNAVAILABLE {
		t.Errorf("Ready: %v, want UNAVAILABLE", err)
	}
}

// A neo4j:// (routing) URI is what a cluster or Aura needs (docs/scale-out.md).
// A single server answers the routing protocol too, so the store's reads
// (routed to readers) and writes (routed to the writer) are proven to work
// over it here.
func TestDB_RoutingURI(t *testing.T) {
	neo4jtest.MustOpen(t) // wipes the test database
	cfg := neo4jtest.Config(t)
	cfg.URI = strings.Replace(cfg.URI, "bolt://", "neo4j://", 1)
	if !strings.HasPrefix(cfg.URI, "neo4j://") {
		t.Skipf("the test database URI %q is not bolt://", cfg.URI)
	}
	db, err := neo4j.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate over %s: %v", cfg.URI, err)
	}
	if _, err := db.CreateActor(ctx, argmap.ActorInput{ID: "routed", Name: "Routed Actor", Type: argmap.ActorType("faction")}); err != nil {
		t.Fatalf("write over %s: %v", cfg.URI, err)
	}
	as, err := db.ActorsByID(ctx, []string{"routed"})
	if err != nil || len(as) != 1 || as[0] == nil || as[0].Name != "Routed Actor" {
		t.Fatalf("read over %s: %+v, %v", cfg.URI, as, err)
	}
}
