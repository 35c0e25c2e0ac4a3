# touming's two entry points: `make demo` (run it) and `make test` (test it).
# Both build the echarts bundle first: it comes from npm, pinned, and is
# embedded in the binary so that pages never load a CDN.

GO ?= go

.PHONY: demo test assets build bench

demo: assets
	$(GO) run ./cmd/touming demo

test: assets
	$(GO) vet ./...
	$(GO) test ./...

build: assets
	$(GO) build -buildvcs=auto -o bin/touming ./cmd/touming

bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The echarts bundle: pinned version and the sha256 of its dist/echarts.min.js.
ECHARTS_VERSION := 5.6.0
ECHARTS_SHA256 := bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1
ECHARTS_JS := charts/assets/echarts.min.js

# assets is quick when the bundle is already there: the script only checks
# its sha256 (so a changed pin fetches again).
assets:
	@sh charts/assets/fetch-echarts.sh $(ECHARTS_VERSION) $(ECHARTS_SHA256) $(ECHARTS_JS)
