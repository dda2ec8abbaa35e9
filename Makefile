# One command to run the service, one to pass the tests (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install serve build lint test test-fast bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Front-end packages (YASGUI, cytoscape) and the map's country outlines (world-atlas) from the npm
# registry, pinned by package-lock.json; the pages serve them from node_modules/. Without npm the
# pages still work, minus the interactive parts and the map's outlines.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: pages will work without the query workbench, network view and map outlines"; fi

install: $(BIN)/.installed node_modules/.installed

serve: install
	$(BIN)/nzc-graph serve

build: install
	$(BIN)/nzc-graph build

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not e2e"

bench: install
	command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache node_modules
