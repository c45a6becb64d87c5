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
test: fmt-check vet generate-check playground-check ## every check and test (the playground in headless Chromium too), against a test Neo4j that this target starts and stops
	@$(TEST_NEO4J_ENV) $(NEO4J) start
	@status=0; $(TEST_ENV) $(GO) test -race -count=1 ./... || status=$$?; \
		$(TEST_NEO4J_ENV) $(NEO4J) stop; exit $$status

.PHONY: bench
bench: build ## the API against raw Cypher, then the load test (development Neo4j, seed map); see docs/benchmarks.md
	@if [ -z "$${NEO4J_URI:-}" ]; then $(NEO4J) start; fi
	$(GO) run ./cmd/argmapbench -duration $${BENCH_DURATION:-10s} -concurrency 1,8
	$(GO) run ./cmd/argmapload -bin $(BIN) -rates $${LOAD_RATES:-50,100,200} -duration $${LOAD_DURATION:-60s}

.PHONY: fmt-check
fmt-check: ## fail when gofmt would change a file
	@out=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

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
