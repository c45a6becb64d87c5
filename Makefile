# Argmap — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
BIN     := bin/argmap
NEO4J   := scripts/neo4j.sh
export NEO4J_PASSWORD ?= argmap-dev-password

# The test Neo4j: its own ports and data folder, so `make test` never touches
# the development database.
TEST_NEO4J_ENV := NEO4J_DIR=.data/neo4j-test NEO4J_BOLT_PORT=7688 NEO4J_HTTP_PORT=7475 NEO4J_PASSWORD=argmap-test-password
TEST_ENV := ARGMAP_TEST_NEO4J_URI=bolt://127.0.0.1:7688 ARGMAP_TEST_NEO4J_USER=neo4j \
	ARGMAP_TEST_NEO4J_PASSWORD=argmap-test-password ARGMAP_TEST_NEO4J_CTL="$(CURDIR)/$(NEO4J)" $(TEST_NEO4J_ENV)

include playground.mk

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

.PHONY: run
SEED := data/seed/syria-anti-isis-gamble.yaml

run: build ## start Neo4j (unless NEO4J_URI is set), load the seed map into an empty database, serve on :8080
	@if [ -z "$${NEO4J_URI:-}" ]; then $(NEO4J) start; fi
	./$(BIN) load -if-empty -wait 60s $(SEED)
	@echo "Neo4j Browser: http://127.0.0.1:$${NEO4J_HTTP_PORT:-7474}/browser/"
	ARGMAP_ADDR="$${ARGMAP_ADDR:-127.0.0.1:8080}" ./$(BIN) serve

.PHONY: load
load: build ## load (or reload) the seed map, or the files in FILES=...
	./$(BIN) load $(or $(FILES),$(SEED))

.PHONY: build
build: ## build bin/argmap
	$(GO) build -o $(BIN) ./cmd/argmap

.PHONY: test
# The store packages take turns on the one test database (a lock), so a
# package's clock runs while it waits: go test's default 10 minutes per
# package is too tight on a loaded machine, hence -timeout 30m.
test: tracked-check fmt-check vet lint generate-check playground-check audit-deps ## every check and test (the playground and the Neo4j Browser in headless Chromium too), against a test Neo4j that this target starts and stops
	@$(TEST_NEO4J_ENV) $(NEO4J) start
	@status=0; $(TEST_ENV) $(GO) test -race -count=1 -timeout 30m ./... || status=$$?; \
		$(TEST_NEO4J_ENV) $(NEO4J) stop; exit $$status

.PHONY: audit-deps
audit-deps: ## install the pinned graphql-http audit suite (web/audit) that TestGraphQLOverHTTPAudit runs against argmap serve
	cd web/audit && $(NPM) ci --no-audit --no-fund --loglevel=error

.PHONY: bench
# The benchmark suite runs on its own Neo4j (port 7689, one data folder per
# scale, 2 GiB heap and page cache), never on the development or test one.
SCALE ?= S
BENCH_NEO4J_ENV = NEO4J_DIR=.data/neo4j-bench-$(SCALE) NEO4J_BOLT_PORT=7689 NEO4J_HTTP_PORT=7476 \
	NEO4J_PASSWORD=argmap-bench-password NEO4J_HEAP=$${BENCH_NEO4J_HEAP:-2g} NEO4J_PAGECACHE=$${BENCH_NEO4J_PAGECACHE:-2g}
BENCH_DB = NEO4J_URI=bolt://127.0.0.1:7689 NEO4J_PASSWORD=argmap-bench-password
CORPUS = .data/corpus-$(SCALE)

bench: build ## the benchmark suite at SCALE=S|M|L (default S): generate the corpus, bulk-load it (plus the seed map, which the load test queries), measure API vs raw Cypher, then the load test; report in .data/bench-$(SCALE).md (docs/benchmarks.md)
	@$(BENCH_NEO4J_ENV) $(NEO4J) start
	@status=0; \
	{ test -f $(CORPUS)/manifest.json || ./$(BIN) gen -scale $(SCALE) -out $(CORPUS); } && \
	$(BENCH_DB) ./$(BIN) bulk -wait 60s $(CORPUS) && \
	{ test "$(SCALE)" = S || $(BENCH_DB) ./$(BIN) load $(SEED) >/dev/null; } && \
	{ $(BENCH_DB) $(GO) run ./cmd/argmapbench -bin $(BIN) -scale $(SCALE) -seed "" -duration $${BENCH_DURATION:-10s} \
		-concurrency $${BENCH_CONCURRENCY:-1,8,32} -out .data/bench-$(SCALE).md || status=$$?; \
	  $(BENCH_DB) $(GO) run ./cmd/argmapload -bin $(BIN) -rates $${LOAD_RATES:-50,100,200} -duration $${LOAD_DURATION:-60s} || status=$$?; } \
	|| status=$$?; \
	$(BENCH_NEO4J_ENV) $(NEO4J) stop; exit $$status

.PHONY: tracked-check
tracked-check: ## fail when git tracks an executable or build output (binaries, *.test, bin/, node_modules, files over 2 MiB)
	@scripts/tracked-check.sh

.PHONY: fmt-check
fmt-check: ## fail when gofmt would change a file
	@out=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

# The linters are pinned in their own module (tools/go.mod), so the main
# go.mod carries none of their dependencies; `go tool` builds them on first
# use and caches the binary.
LINT := $(GO) tool -modfile=tools/go.mod golangci-lint

.PHONY: lint
lint: ## golangci-lint (staticcheck, errcheck, govet, unused, ineffassign, bodyclose, errorlint; .golangci.yml), pinned in tools/go.mod
	$(LINT) run ./...

.PHONY: generate
generate: ## regenerate gqlgen code
	$(GO) generate ./...

.PHONY: generate-check
generate-check: ## fail when `go generate ./...` changes any file
	@before=$$(git ls-files --cached --others --exclude-standard | grep -v '^\.data/' | xargs sha256sum); \
		$(GO) generate ./...; \
		after=$$(git ls-files --cached --others --exclude-standard | grep -v '^\.data/' | xargs sha256sum); \
		if [ "$$before" != "$$after" ]; then echo "go generate changed files:"; diff <(echo "$$before") <(echo "$$after") || true; exit 1; fi

.PHONY: neo4j-start neo4j-stop neo4j-status
neo4j-start: ## start the development Neo4j (reuses a running one)
	$(NEO4J) start
neo4j-stop: ## stop the development Neo4j
	$(NEO4J) stop
neo4j-status: ## show whether the development Neo4j runs
	$(NEO4J) status

.PHONY: clean
clean: ## remove build output (keeps Neo4j data)
	rm -rf bin
