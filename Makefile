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

# Benchmarks (issues 9 and 18): engine native vs NumPy, wasm in Chromium's page and in a Web
# Worker vs native, TF.js (wasm backend) in the same Chromium, the worker pool on 1 and 2
# workers, Cancel's latency, bundle size, first render, long tasks and frame times, one training
# step against PyTorch; prints Markdown tables (installs NumPy, PyTorch and TF.js when missing).
bench:
	scripts/install-tools.sh --bench
	bash scripts/fetch-minilm.sh
	scripts/bench.sh

tools:
	scripts/install-tools.sh
	bash scripts/fetch-minilm.sh
