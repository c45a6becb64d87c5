package neo4j_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// A request whose own deadline ends a database call hears that the request
// took too long and which limit stopped it, not that the database is
// unavailable (issue 11: "Timeouts are misreported"), and the store does
// not report a database problem to operators: Neo4j is fine.
func TestRequestDeadlineIsNotUnavailable(t *testing.T) {
	db := neo4jtest.MustOpen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	// A statement that runs for seconds on any machine.
	err := db.Query(ctx, "UNWIND range(1, 300000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)")
	if err == nil {
		t.Fatal("the statement finished within 300 ms")
	}
	msg := argmap.ErrorMessage(err)
	if argmap.ErrorCode(err) != argmap.EUNAVAILABLE || !strings.Contains(msg, "took longer than this server allows") ||
		!strings.Contains(msg, "ARGMAP_REQUEST_TIMEOUT") || strings.Contains(msg, "unavailable") {
		t.Errorf("code %s, message %q", argmap.ErrorCode(err), msg)
	}
	if db.HasProblem() {
		t.Error("a request's deadline was reported as a database problem")
	}
	// The database still answers.
	if err := db.Query(context.Background(), "RETURN 1"); err != nil {
		t.Fatalf("after the deadline: %v", err)
	}
}
