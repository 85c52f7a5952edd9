# Shijian - the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_SIZE ?= small
DEMO_SEED ?= 2026

.PHONY: install install-test demo test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## install: create .venv with the `shijian` console command (no server)
install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## demo: embedded SQLite database, demo data, site on http://127.0.0.1:8000/
demo: install
	$(BIN)/shijian migrate
	$(BIN)/shijian demo-data --size $(DEMO_SIZE) --seed $(DEMO_SEED) --if-empty
	$(BIN)/shijian calendar check
	$(BIN)/shijian serve --addr 127.0.0.1:8000

## test: lint, types, layers, migrations, deploy checks and the whole suite on PostgreSQL
test: install-test
	scripts/ensure-system-packages.sh
	scripts/with-postgres.sh scripts/check-all.sh

## bench: every benchmark in bench/ against a throwaway PostgreSQL
bench: install-test
	scripts/with-postgres.sh scripts/bench-all.sh

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy shijian config bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
