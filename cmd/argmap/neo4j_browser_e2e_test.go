package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"
)

// TestNeo4jBrowserOffline runs web/playground/neo4j-browser-e2e.mjs on the
// Neo4j Browser of the test Neo4j, which scripts/neo4j.sh configured:
// headless Chromium loads it, logs in over Bolt and runs a query, and no
// request may leave this machine and no usage-collection banner may show
// (client.allow_telemetry and the Content-Security-Policy that neo4j.sh
// writes). It needs what TestPlaygroundInBrowser needs.
func TestNeo4jBrowserOffline(t *testing.T) {
	node, chromium := mustBrowserTools(t)
	bolt := os.Getenv("ARGMAP_TEST_NEO4J_URI")
	script := os.Getenv("ARGMAP_TEST_NEO4J_CTL")
	if bolt == "" || script == "" {
		t.Fatal("ARGMAP_TEST_NEO4J_URI or ARGMAP_TEST_NEO4J_CTL is not set: run `make test`")
	}
	// The launcher knows where its instance serves the Browser.
	status, err := exec.Command(script, "status").CombinedOutput()
	if err != nil {
		t.Fatalf("%s status: %v\n%s", script, err, status)
	}
	m := regexp.MustCompile(`(?m)^\s*browser:\s*(\S+)`).FindSubmatch(status)
	if m == nil {
		t.Fatalf("%s status names no Browser URL:\n%s", script, status)
	}
	user := os.Getenv("ARGMAP_TEST_NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "web/playground/neo4j-browser-e2e.mjs", string(m[1]), bolt)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium, "NEO4J_USER="+user,
		"NEO4J_PASSWORD="+os.Getenv("ARGMAP_TEST_NEO4J_PASSWORD"))
	cmd.WaitDelay = 10 * time.Second // Chromium's children may hold the output open
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("neo4j-browser-e2e.mjs did not finish within 3 minutes:\n%s", out)
	}
	if err != nil {
		t.Fatalf("neo4j-browser-e2e.mjs: %v\n%s", err, out)
	}
	t.Logf("neo4j-browser-e2e.mjs:\n%s", out)
}
