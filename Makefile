# Hopfield Lab: `make serve` builds and serves the app, `make test` runs every test,
# `make dist` makes the release build in dist/ for hosting. Each installs what is missing.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test dist tools bench

serve: tools
	@echo "Hopfield Lab will be at http://$(ADDRESS):$(PORT)/"
	trunk serve --address $(ADDRESS) --port $(PORT)

test:
	scripts/install-tools.sh --browser
	scripts/test.sh

dist: tools
	trunk build --release
	@scripts/bundle-size.sh

# Engine benchmarks against NumPy (installs NumPy with pip when missing); prints a Markdown table.
bench:
	scripts/bench.sh

tools:
	scripts/install-tools.sh
