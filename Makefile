# conform lanes. `make test` is the one command CI runs (see .ci/run).
GO        ?= go
PG_IMAGE  ?= conform-postgres:15
export TESTCONTAINERS_RYUK_DISABLED ?= true
export CONFORM_PG_IMAGE ?= $(PG_IMAGE)

.PHONY: test fast confidence conform bench lint docs pg-image mutation build image

## test: every unit, property, vector and feature test; the PostgreSQL lane too when Docker is
## there; the PHP implementation and the example Laravel application through the protocol in
## both lanes (and the application's PHPUnit suite); the image build
test: pg-image
	$(MAKE) --no-print-directory lint
	$(GO) test -count=1 ./...
	scripts/php-lanes.sh
	scripts/laravel-lanes.sh
	scripts/docker-image.sh --check

## fast: the fast-feedback lane of the features, on the in-memory store
fast:
	$(GO) run ./cmd/conform run --lane fast

## confidence: every feature on PostgreSQL in a container (or CONFORM_DSN)
confidence: pg-image
	$(GO) run ./cmd/conform run --lane confidence

## conform: the whole suite against the reference contract on the in-memory store
conform:
	$(GO) run ./cmd/conform

## bench: the benchmarks recorded in docs/benchmarks.md
bench: pg-image
	$(GO) test -run '^$$' -bench . -benchmem -count 5 $$($(GO) list ./... | grep -v /store/postgres)
	$(GO) test -run '^$$' -bench 'ScenarioStore|TemplateClone' -benchtime 100x ./store/postgres
	$(GO) test -run '^$$' -bench 'ContainerStart' -benchtime 5x ./store/postgres

## lint: vet, staticcheck (staticcheck.conf), formatting, and the written standard in step with
## the contract
lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@unformatted=$$(git ls-files -co --exclude-standard '*.go' | xargs -r ls -d 2>/dev/null | xargs -r gofmt -l); \
	test -z "$$unformatted" || { echo "$$unformatted"; echo "gofmt needed"; exit 1; }
	$(GO) run ./cmd/conform docs --check

## docs: regenerate the tables of docs/standards.md
docs:
	$(GO) run ./cmd/conform docs --write

## pg-image: build the local PostgreSQL image when Docker is reachable and the image is missing
pg-image:
	@scripts/pg-image/ensure.sh $(PG_IMAGE)

## mutation: gremlins on the packages that hold rules or guard what others send (efficacy must
## stay >= 90% on each). The PostgreSQL tests of audit/ run (CONFORM_PG_IMAGE). The tests of
## the standard's strength (whole-suite runs through other programs) live in cmd/conform/, not here.
MUTATION_PKGS ?= contract audit report protocol
mutation: pg-image
	@for p in $(MUTATION_PKGS); do \
		echo "== mutation: $$p"; \
		$(GO) run github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0 unleash --workers 2 --test-cpu 1 \
			--timeout-coefficient 3 --threshold-efficacy 90 ./$$p || exit 1; \
	done

build:
	$(GO) build -buildvcs=auto -ldflags "-X main.version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o conform ./cmd/conform

## image: the conform image (FROM scratch, from a binary built first)
image:
	scripts/docker-image.sh conform:dev
