// Package neo4jtest gives tests a real Neo4j to run against, safely.
//
// The test database is named by ARGMAP_TEST_NEO4J_URI (and
// ARGMAP_TEST_NEO4J_USER, ARGMAP_TEST_NEO4J_PASSWORD), which `make test`
// sets to its own Neo4j instance on its own ports and data folder. Tests
// never fall back to the development database.
//
// Neo4j Community has one user database, and `go test ./...` runs packages
// in parallel, so every package that touches the database runs its tests
// under a cross-process file lock (see Main), and Reset refuses to wipe a
// database that was not created by these helpers.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	store "github.com/argmap/argmap/internal/neo4j"
)

// markerLabel tags the one node that proves a database belongs to the tests.
const markerLabel = "ArgmapTestDatabase"

// Main runs a package's tests while holding the test-database lock, so
// packages that share the database never interleave. Call it from TestMain.
func Main(m *testing.M) {
	uri := os.Getenv("ARGMAP_TEST_NEO4J_URI")
	if uri == "" {
		fmt.Fprintln(os.Stderr, "neo4jtest: ARGMAP_TEST_NEO4J_URI is not set: run `make test`, which starts a test Neo4j, or point it at a Neo4j you are happy to have wiped")
		os.Exit(2)
	}
	// A fuzz worker is the same test binary started by the fuzzing
	// coordinator, which holds the lock already: waiting for it would hang.
	// Fuzz targets do not use the test database.
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.fuzzworker") {
			os.Exit(m.Run())
		}
	}
	sum := sha256.Sum256([]byte(uri))
	path := filepath.Join(os.TempDir(), "argmap-neo4jtest-"+hex.EncodeToString(sum[:6])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "neo4jtest: lock:", err)
		os.Exit(2)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		fmt.Fprintln(os.Stderr, "neo4jtest: lock:", err)
		os.Exit(2)
	}
	code := m.Run()
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	_ = f.Close()
	os.Exit(code)
}

// Config returns the store configuration of the test database.
func Config(tb testing.TB) store.Config {
	tb.Helper()
	uri := os.Getenv("ARGMAP_TEST_NEO4J_URI")
	if uri == "" {
		tb.Fatal("ARGMAP_TEST_NEO4J_URI is not set: run `make test`")
	}
	c := store.DefaultConfig()
	c.URI = uri
	if u := os.Getenv("ARGMAP_TEST_NEO4J_USER"); u != "" {
		c.User = u
	}
	c.Password = os.Getenv("ARGMAP_TEST_NEO4J_PASSWORD")
	return c
}

// MustOpen opens the store on the test database, applies the migrations
// and wipes the data (see Reset). The store is closed when the test ends.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(Config(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The test Neo4j may have just been restarted by another test: give it time.
	for {
		err = db.Migrate(ctx)
		if err == nil || ctx.Err() != nil {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("migrate test database: %v", err)
	}
	Reset(tb)
	return db
}

// Driver returns a raw driver on the test database, for tests that inspect
// or arrange the graph directly. It is closed when the test ends.
func Driver(tb testing.TB) neo4j.DriverWithContext {
	tb.Helper()
	c := Config(tb)
	d, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.User, c.Password, ""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close(context.Background()) })
	return d
}

// Run executes one statement on the test database and returns its records.
func Run(tb testing.TB, d neo4j.DriverWithContext, cypher string, params map[string]any) []*neo4j.Record {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, d, cypher, params, neo4j.EagerResultTransformer)
	if err != nil {
		tb.Fatalf("cypher %q: %v", cypher, err)
	}
	return res.Records
}

// Reset deletes every node of the test database. It refuses, and fails the
// test, when the database holds data but not the test marker: that database
// is somebody's real data.
func Reset(tb testing.TB) {
	tb.Helper()
	d := Driver(tb)
	recs := Run(tb, d, "MATCH (n) WHERE NOT n:"+markerLabel+" WITH count(n) > 0 AS hasData "+
		"RETURN hasData, EXISTS { MATCH (:"+markerLabel+") } AS marked", nil)
	hasData, _ := recs[0].Get("hasData")
	marked, _ := recs[0].Get("marked")
	if hasData.(bool) && !marked.(bool) {
		tb.Fatalf("refusing to wipe %s: it holds data and is not marked as a test database", Config(tb).URI)
	}
	Run(tb, d, "MERGE (:"+markerLabel+" {id: 'argmap-test'})", nil)
	Run(tb, d, "MATCH (n) WHERE NOT n:"+markerLabel+" DETACH DELETE n", nil)
}

// RefusedAddr returns a loopback address where connections are refused: a
// socket is bound to the port (so no other server of the test can take it)
// but never listens. It stays reserved until the test ends.
func RefusedAddr(tb testing.TB) string {
	tb.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		tb.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
}

// Fingerprint returns a canonical text of the whole graph (every node with
// its labels and properties, every relationship with its endpoints' ids, type
// and properties), independent of Neo4j's internal ids and of order. Two
// graphs with the same fingerprint hold the same data.
func Fingerprint(tb testing.TB, d neo4j.DriverWithContext) string {
	tb.Helper()
	var rows []string
	for _, r := range Run(tb, d, "MATCH (n) WHERE NOT n:"+markerLabel+" RETURN labels(n) AS l, properties(n) AS p", nil) {
		b, err := json.Marshal(r.Values)
		if err != nil {
			tb.Fatal(err)
		}
		rows = append(rows, "node "+string(b))
	}
	for _, r := range Run(tb, d, "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)", nil) {
		b, err := json.Marshal(r.Values)
		if err != nil {
			tb.Fatal(err)
		}
		rows = append(rows, "rel "+string(b))
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}
