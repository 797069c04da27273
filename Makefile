# The two commands of the README:  `make build`  and  `make test`.
# Everything runs inside a project virtualenv (.venv) built from requirements.lock.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# dbt finds profiles/profiles.yml through DBT_PROFILES_DIR (set here; export it when running dbt by hand).
export DBT_PROFILES_DIR := $(CURDIR)/profiles
# Where submissions land, where the landed area and the DuckDB file go (all overridable).
export CLD_LANDING_DIR ?= $(CURDIR)/data/demo/landing
export CLD_WORK_DIR ?= $(CURDIR)/warehouse
export CLD_DUCKDB_PATH ?= $(CLD_WORK_DIR)/cld.duckdb
# `make test` builds the fixtures into a separate work dir and database.
TEST_LANDING_DIR := $(CURDIR)/tests/fixtures/landing
TEST_WORK_DIR := $(CURDIR)/warehouse/test
DBT_FLAGS ?=

.PHONY: help install demo-data land build rebuild docs test lint dbt-test pytest clean bench bench-smoke

help:
	@echo "make build   venv + pinned deps, demo data, land, dbt build, dbt docs generate"
	@echo "make test    sqlfluff lint, dbt build on the test fixtures (separate database), pytest, benchmark smoke run"
	@echo "make rebuild land + incremental dbt build (only new, changed or removed files and the LAs they touch are reprocessed)"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	# The lock pins the build backend (setuptools, wheel): the package installs from the venv,
	# no build isolation, no download, and no fallback that hides an error.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The demo submissions are shipped in data/demo/landing; regenerate them only if missing.
demo-data: $(STAMP)
	@if ! ls data/demo/landing/CLD_*.csv >/dev/null 2>&1; then \
		$(BIN)/cld generate --out data/demo/landing --demo; \
	fi

land: $(STAMP)
	mkdir -p $(CLD_WORK_DIR)
	$(BIN)/cld land --landing-dir "$(CLD_LANDING_DIR)" --work-dir "$(CLD_WORK_DIR)"

build: demo-data land
	$(BIN)/dbt build --full-refresh $(DBT_FLAGS)
	$(BIN)/dbt docs generate --static

# After a resubmission: land, then rebuild incrementally — the per-file models (staged rows, row
# context, row issues, validated rows) reload only new, re-landed or removed files, the per-LA
# models (identity on) only the LAs whose inputs changed; the aggregates are rebuilt.  Same
# results as `make build` (tests/python/test_resubmission.py, test_la_incremental.py); selector
# `rebuild` (selectors.yml) leaves out the unit tests and the tests tagged `structural`, which
# run on full builds and in CI.  After a change to a macro, use `make build`.
rebuild: demo-data land
	$(BIN)/dbt build --selector rebuild $(DBT_FLAGS)

docs: $(STAMP)
	$(BIN)/dbt docs generate --static

lint: $(STAMP)
	$(BIN)/sqlfluff lint models analyses tests/dbt --processes 2

# dbt build on the fixtures (generated error-laden and hostile submissions), own database.
dbt-test: $(STAMP)
	rm -rf $(TEST_WORK_DIR) && mkdir -p $(TEST_WORK_DIR)
	$(BIN)/cld land --landing-dir "$(TEST_LANDING_DIR)" --work-dir "$(TEST_WORK_DIR)"
	CLD_WORK_DIR=$(TEST_WORK_DIR) CLD_DUCKDB_PATH=$(TEST_WORK_DIR)/cld_test.duckdb \
		$(BIN)/dbt build --target test --warn-error-options '{"error": ["Deprecations"]}'

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

test: lint dbt-test pytest bench-smoke

clean:
	rm -rf target logs warehouse

# Benchmark on generated data (figures to bench/results/; see docs/benchmarks.md).
SCALE ?= 0.01
LAS ?= 0
bench: $(STAMP)
	$(BIN)/python bench/benchmark.py --scale $(SCALE) --las $(LAS) $(if $(QUARTERLY),--quarterly,) \
		$(if $(RESUBMISSION),--resubmission,)

# CI smoke run of the benchmark: smallest scale, a handful of LAs, quarterly files (the
# resubmission path is proven by pytest); fails only if a step fails, never on timings.
bench-smoke: $(STAMP)
	$(BIN)/python bench/benchmark.py --scale 0.01 --las 4 --quarterly --smoke
