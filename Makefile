# Two commands matter: `make serve` (build the site and serve it) and `make test` (every test,
# installing what it needs on a fresh machine). Everything else supports those two.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test unit lint typecheck package build serve e2e runtime bench clean

# --- Python environment ------------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# --- checks --------------------------------------------------------------------------------------
lint: $(VENV)/.installed
	$(BIN)/ruff check calc tests tools hooks bench

typecheck: $(VENV)/.installed
	$(BIN)/mypy calc

unit: $(VENV)/.installed
	$(BIN)/pytest -q -p no:playwright tests/unit

# The built wheel and sdist, installed in a clean venv, run `lumpsum --version` and an estimate.
package: $(VENV)/.installed
	PYTHON=$(CURDIR)/$(BIN)/python bash tools/check_package.sh

test: lint typecheck unit package e2e

# --- site and browser (build, serve, e2e, runtime) -------------------------------------------
# Stamps make each step incremental: the calc wheel is rebuilt only when calc/ changes, npm and
# the browser wheels are fetched only when their pins change.
PORT ?= 8000
SITE_DEPS := $(VENV)/.site-installed
NPM_STAMP := node_modules/.installed
CALC_WHEEL := build/wheels/.built
RUNTIME := build/runtime/.built
CALC_SOURCES := pyproject.toml $(shell find calc -type f -not -path '*/__pycache__/*' 2>/dev/null)

$(SITE_DEPS): $(VENV)/.installed requirements/site.txt
	$(BIN)/pip install -q -r requirements/site.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CALC_WHEEL): $(VENV)/.installed $(CALC_SOURCES)
	rm -rf build/wheels
	$(BIN)/python -m build --wheel --outdir build/wheels . >/dev/null
	touch $@

$(RUNTIME): $(CALC_WHEEL) $(NPM_STAMP) $(SITE_DEPS) requirements/wasm.txt tools/build_runtime.py \
		tools/build_fastboot.mjs tools/fastboot_build.py site/assets/calc_boot.py site/assets/calc_worker.py
	$(BIN)/python tools/build_runtime.py --calc-wheel build/wheels/*.whl
	touch $@

runtime: $(RUNTIME)

build: $(RUNTIME) $(SITE_DEPS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

serve: build
	@echo "Calculator: http://127.0.0.1:$(PORT)/calculator/"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory build/site

e2e: build
	bash tools/ensure_chromium.sh
	$(BIN)/pytest -q -p no:cacheprovider tests/e2e

# Load times, bytes, input latency and engine throughput; table on stdout, build/bench.json.
BENCH_ARGS ?=
$(VENV)/.bench-installed: $(SITE_DEPS) requirements/bench.txt
	$(BIN)/pip install -q -r requirements/bench.txt
	touch $@

bench: build $(VENV)/.bench-installed
	bash tools/ensure_chromium.sh
	$(BIN)/python bench/run.py $(BENCH_ARGS)
