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
	$(GO) build -o bin/touming ./cmd/touming

bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

assets:
	@true
