# Almanac's everyday commands. `make site` and `make test` are the README's quick start.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: site test lint format theme deps test-deps browser-test preview fuzz clean bench

## Build the showcase in Content/ into Output/ with a release build of almanac.
site: deps
	$(SWIFT) build -c release --product almanac
	.build/release/almanac build

## Check formatting, then run the whole test suite.
test: test-deps lint
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict -r Sources Tests

format:
	$(SWIFT) format format -i -r Sources Tests

## Re-embed Templates/ into the binary as the default theme (a test fails when it is stale).
theme:
	python3 scripts/embed-theme.py

## libcmark and SQLite (found through pkg-config) are all almanac needs from the system.
deps:
	@pkg-config --exists libcmark sqlite3 2>/dev/null || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y pkg-config libcmark-dev libsqlite3-dev; }

## The tests also compare our HTML with the `cmark` program's.
test-deps: deps
	@command -v cmark >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y cmark; }

## What CI does for a pull request, locally: strict checks, then a preview build for a sub-path
## in .build/preview (serve it with `python3 -m http.server -d .build/preview 8000`).
PREVIEW_URL ?= http://localhost:8000/
preview: deps
	$(SWIFT) build -c release --product almanac
	.build/release/almanac check --strict
	.build/release/almanac build --base-url $(PREVIEW_URL) --drafts --output .build/preview

## Real-browser test of the built site (headless Chromium, axe-core); screenshots in .ci-artifacts/.
browser-test:
	bash scripts/browser-test.sh

## Benchmarks against Hugo and the libcmark floor (docs/performance.md): alternating runs, medians
## and ratios in Benchmarks/results/; the chart in docs/performance-chart.svg is drawn by almanac.
## BENCH_SIZES=1000,10000 (100000 for the memory check), BENCH_PAIRS=3, BENCH_ONLY=full,queries,…
bench: deps
	@command -v hugo >/dev/null 2>&1 && [ -x /usr/bin/time ] && command -v cc >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y hugo time gcc; }
	$(SWIFT) build -c release --product almanac
	python3 Benchmarks/bench.py

## Fuzz each parser with libFuzzer and AddressSanitizer for FUZZ_SECONDS (default 60) per target.
## Seeds: Fuzz/Corpus/<target>/ (read-only); new inputs go to .build-fuzz/corpus/; a crashing
## input is saved to Fuzz/Crashes/ and stops the run. See docs/reliability.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= front-matter csv chart-spec number-format inline-value
fuzz: deps
	cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address \
	  --scratch-path ../.build-fuzz
	mkdir -p Fuzz/Crashes
	for target in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$target && \
	  SWIFT_BACKTRACE=enable=no ALMANAC_FUZZ_TARGET=$$target .build-fuzz/debug/AlmanacFuzz .build-fuzz/corpus/$$target \
	    Fuzz/Corpus/$$target -dict=Fuzz/Dictionaries/$$target.dict -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=16384 -artifact_prefix=Fuzz/Crashes/$$target- \
	    -print_final_stats=1 || exit 1; \
	done

clean:
	rm -rf .build .build-fuzz
