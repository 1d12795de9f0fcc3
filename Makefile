# Two commands matter: `make serve` (build the site and serve it) and `make test` (every test,
# installing what it needs on a fresh machine). Everything else supports those two.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test unit lint typecheck build serve e2e runtime bench clean

# --- Python environment ------------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# --- checks --------------------------------------------------------------------------------------
lint: $(VENV)/.installed
	$(BIN)/ruff check calc tests tools hooks

typecheck: $(VENV)/.installed
	$(BIN)/mypy calc

unit: $(VENV)/.installed
	$(BIN)/pytest -q tests/unit

test: lint typecheck unit e2e

# --- site and browser (build, serve, e2e, runtime) -------------------------------------------
