# The two commands in the README: `make serve` builds and serves the site; `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: serve build test lint typecheck validate bench clean

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap
	./scripts/bootstrap
	@touch $(STAMP)

# mkdocs serve builds the site itself (and rebuilds when spec/ changes); validating first gives
# spec errors as FILE:LINE:COL messages before the server starts.
serve: validate
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST)

build: $(STAMP)
	$(BIN)/justculture build

validate: $(STAMP)
	$(BIN)/justculture validate

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
