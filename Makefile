# The two commands in the README: `make serve` builds and serves the site; `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: serve build test lint typecheck validate bench clean types release release-check

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap tests/node/package-lock.json
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

# Types from the bundled schemas, as another tool's developers would make them: TypeScript with
# json-schema-to-typescript (tests/node) and pydantic models with datamodel-code-generator (in a
# venv of its own, pinned by tests/types/requirements.txt). Output: build/types/. Then
# check-jsonschema validates the export offline, with the bundled schema and with the others.
TYPES := build/types
types: $(STAMP)
	$(BIN)/python -m justculture.published $(TYPES)/schema
	node tests/node/types_check.mjs $(TYPES)/schema/bundled $(TYPES)/typescript
	test -x $(TYPES)-venv/bin/check-jsonschema || \
		(python3 -m venv $(TYPES)-venv && $(TYPES)-venv/bin/pip install --quiet -r tests/types/requirements.txt)
	mkdir -p $(TYPES)/python
	for schema in $(TYPES)/schema/bundled/*.schema.json; do \
		name=$$(basename $$schema .schema.json | tr - _); \
		$(TYPES)-venv/bin/datamodel-codegen --input $$schema --input-file-type jsonschema \
			--output-model-type pydantic_v2.BaseModel --formatters black isort \
			--output $(TYPES)/python/$$name.py || exit 1; \
	done
	@echo "Types are in $(TYPES)/typescript and $(TYPES)/python"
	$(BIN)/justculture export --out $(TYPES)/justculture.json --force
	$(TYPES)-venv/bin/check-jsonschema --schemafile $(TYPES)/schema/bundled/export.schema.json \
		$(TYPES)/justculture.json
	$(TYPES)-venv/bin/check-jsonschema --base-uri file://$(abspath $(TYPES))/schema/export.schema.json \
		--schemafile $(TYPES)/schema/export.schema.json $(TYPES)/justculture.json

# Check the spec against the kept releases (the id policy), or keep the current version as a
# release in spec/releases/ (after raising spec_version and adding it to CHANGELOG.md).
release-check: $(STAMP)
	$(BIN)/python -m justculture.releases check

release: $(STAMP)
	$(BIN)/python -m justculture.releases record

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
