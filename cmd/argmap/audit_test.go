package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// TestGraphQLOverHTTPAudit runs the graphql-http audit suite
// (web/audit/audit.mjs, the npm package's auditServer) against a real
// argmap serve on the test Neo4j. Every check must pass, MUST, SHOULD and
// MAY alike; the failing ones are printed with the response they got. It
// needs node and web/audit/node_modules (`make audit-deps`; make test
// installs them), so their absence fails the test.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: install Node.js, then run `make audit-deps`")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "web/audit/node_modules/graphql-http")); err != nil {
		t.Fatal("web/audit/node_modules is missing: run `make audit-deps`")
	}
	neo4jtest.MustOpen(t)
	s := MustServe(t, testEnv(t))
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "web/audit/audit.mjs", s.URL+"/graphql")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("audit.mjs did not finish within 2 minutes:\n%s", out)
	}
	var failed []string
	for _, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "ok ") {
			failed = append(failed, line)
		}
	}
	if err != nil {
		t.Fatalf("audit.mjs: %v; failing checks:\n%s", err, strings.Join(failed, "\n"))
	}
	for _, line := range failed {
		if strings.HasSuffix(line, "checks pass") {
			t.Logf("graphql-http audit: %s", line)
			return
		}
	}
	t.Fatalf("audit.mjs printed no summary:\n%s", out)
}
