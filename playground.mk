# The offline GraphiQL playground (web/playground → internal/playground/static).
# Included by the Makefile, which defines GO, NEO4J, TEST_ENV and TEST_NEO4J_ENV.
# playground-e2e starts the test Neo4j when it is not running, and then stops it.

PLAYGROUND_WEB    := web/playground
PLAYGROUND_STATIC := internal/playground/static
NPM ?= npm

.PHONY: playground
playground: ## install the playground's pinned npm packages and rebuild internal/playground/static
	cd $(PLAYGROUND_WEB) && $(NPM) ci --no-audit --no-fund --loglevel=error
	cd $(PLAYGROUND_WEB) && $(NPM) run --silent build

.PHONY: playground-check
playground-check: playground ## fail when the committed playground assets differ from a fresh build of the lockfile
	@changes=$$(git status --porcelain --untracked-files=all -- $(PLAYGROUND_STATIC)); \
		if [ -n "$$changes" ]; then \
			echo "$(PLAYGROUND_STATIC) differs from a fresh build of $(PLAYGROUND_WEB) (commit the output of make playground):"; \
			echo "$$changes"; git --no-pager diff --stat -- $(PLAYGROUND_STATIC); exit 1; \
		fi

.PHONY: playground-e2e
playground-e2e: ## run the playground and the Neo4j Browser in headless Chromium against the test Neo4j (needs make playground, chromium)
	@running=0; $(TEST_NEO4J_ENV) $(NEO4J) status >/dev/null 2>&1 && running=1; \
		[ $$running = 1 ] || $(TEST_NEO4J_ENV) $(NEO4J) start; \
		status=0; $(TEST_ENV) $(GO) test -count=1 -run 'TestPlaygroundInBrowser|TestNeo4jBrowserOffline' ./cmd/argmap/ || status=$$?; \
		[ $$running = 1 ] || $(TEST_NEO4J_ENV) $(NEO4J) stop; exit $$status
