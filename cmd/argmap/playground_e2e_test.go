package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/argmap/argmap/internal/neo4j/neo4jtest"
)

// repoRoot is the repository root seen from this package's directory, the
// working directory of its tests.
const repoRoot = "../.."

// TestPlaygroundInBrowser serves argmap on the seed map and runs
// web/playground/e2e.mjs: headless Chromium loads the playground at "/",
// with every request off this machine blocked, and runs the example
// operations from the page. It needs node, the playground's node_modules
// (`make playground`) and Debian's chromium (`apt-get install chromium`);
// make test provides them, so their absence fails the test.
func TestPlaygroundInBrowser(t *testing.T) {
	node, chromium := mustBrowserTools(t)

	neo4jtest.MustOpen(t) // a clean, migrated test database
	if _, errOut, err := runLoadCmd(t, seedFile); err != nil {
		t.Fatalf("load %s: %v\n%s", seedFile, err, errOut)
	}
	s := MustServe(t, testEnv(t))
	waitStatus(t, s.URL+"/readyz", http.StatusOK, 60*time.Second)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "web/playground/e2e.mjs", s.URL+"/")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	cmd.WaitDelay = 10 * time.Second // Chromium's children may hold the output open
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("e2e.mjs did not finish within 3 minutes:\n%s", out)
	}
	if err != nil {
		log := s.Stderr.String()
		if len(log) > 4000 {
			log = "…" + log[len(log)-4000:]
		}
		t.Fatalf("e2e.mjs: %v\n%s\nserver log:\n%s", err, out, log)
	}
	t.Logf("e2e.mjs:\n%s", out)
}

// mustBrowserTools returns the paths of node and of Debian's chromium (or
// $CHROMIUM), which the browser tests drive through playwright-core from the
// playground's node_modules. make test provides all three, so their absence
// fails the test.
func mustBrowserTools(tb testing.TB) (node, chromium string) {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		tb.Fatal("node is not installed: install Node.js, then run `make playground`")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "web/playground/node_modules/playwright-core")); err != nil {
		tb.Fatal("web/playground/node_modules is missing: run `make playground`")
	}
	chromium = "/usr/bin/chromium"
	if c := os.Getenv("CHROMIUM"); c != "" {
		chromium = c
	}
	if _, err := os.Stat(chromium); err != nil {
		tb.Fatalf("%s is missing: run `apt-get install chromium`", chromium)
	}
	return node, chromium
}
