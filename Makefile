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
# The development pseudonymisation key is for synthetic data only (README "Pseudonymisation"):
# CLD_SYNTHETIC_DATA=1 declares the data synthetic.  Set here only when the landing folder is
# the shipped demo; the test fixtures, pytest and the benchmark set it for their own data.
DEMO_LANDING_DIR := $(CURDIR)/data/demo/landing
export CLD_SYNTHETIC_DATA ?= $(if $(filter $(abspath $(CLD_LANDING_DIR)),$(DEMO_LANDING_DIR)),1,)
# `make test` builds the fixtures into a separate work dir and database.
TEST_LANDING_DIR := $(CURDIR)/tests/fixtures/landing
TEST_WORK_DIR := $(CURDIR)/warehouse/test
DBT_FLAGS ?=
# e.g. BUILD_FLAGS=--fail-on-rejected (exit 4 when a file is rejected; README "Exit codes").
BUILD_FLAGS ?=

.PHONY: help install demo-data land build rebuild docs test lint dbt-test pytest fuzz clean bench bench-smoke report export-marts

help:
	@echo "make build   venv + pinned deps, demo data, then cld build: land, dbt build, docs, publish, summary"
	@echo "make test    sqlfluff lint, dbt build on the test fixtures (separate database), pytest, benchmark smoke run"
	@echo "make report  SALT and ASCOF workbooks (.xlsx) per LA and England, DQ page (HTML) per LA, into warehouse/reports"
	@echo "make rebuild land + incremental dbt build (only new, changed or removed files and the LAs they touch are reprocessed)"
	@echo "make fuzz    $(FUZZ_MUTANTS) seeded mutated submissions (seed $(FUZZ_SEED)) landed beside the demo, one build, checked (FUZZ_MUTANTS=, FUZZ_SEED=)"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . \
		|| $(BIN)/python -m pip install --quiet --no-deps -e .
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

# `cld build` takes the warehouse lock, lands, builds into a new file, publishes it by an atomic
# rename only when dbt succeeded, and prints what happened (README "Building and publishing").
build: demo-data
	mkdir -p $(CLD_WORK_DIR)
	$(BIN)/cld build --land --full-refresh --docs $(BUILD_FLAGS) $(DBT_FLAGS)

# After a resubmission: land, then rebuild incrementally — the per-file models (staged rows, row
# context, row issues, validated rows) reload only new, re-landed or removed files, the per-LA
# models (identity on) only the LAs whose inputs changed; the aggregates are rebuilt.  Same
# results as `make build` (tests/python/test_resubmission.py, test_la_incremental.py); selector
# `rebuild` (selectors.yml) leaves out the unit tests and the tests tagged `structural`, which
# run on full builds and in CI.  After a change to a macro, use `make build`.
# `cld build` copies the published warehouse, builds on the copy incrementally and publishes it.
rebuild: demo-data
	mkdir -p $(CLD_WORK_DIR)
	$(BIN)/cld build --land --selector rebuild $(BUILD_FLAGS) $(DBT_FLAGS)

# The outputs people open, from the built warehouse (make build first): SALT and ASCOF workbooks
# for every LA with figures and England, and each LA's data-quality page with its CSV.
REPORTS_DIR ?= $(CLD_WORK_DIR)/reports
report: $(STAMP)
	$(BIN)/cld report salt --all --out "$(REPORTS_DIR)"
	$(BIN)/cld report ascof --all --out "$(REPORTS_DIR)"
	$(BIN)/cld report dq --out "$(REPORTS_DIR)"

# Every public mart as Parquet (FORMAT=csv for CSV) with a manifest, for Power BI.
FORMAT ?= parquet
export-marts: $(STAMP)
	$(BIN)/cld export-marts --format $(FORMAT) --out "$(CLD_WORK_DIR)/exports/marts"

docs: $(STAMP)
	$(BIN)/dbt docs generate --static

lint: $(STAMP)
	$(BIN)/sqlfluff lint models analyses tests/dbt --processes 2

# dbt build on the fixtures (generated error-laden and hostile submissions), own database.
dbt-test: $(STAMP)
	rm -rf $(TEST_WORK_DIR) && mkdir -p $(TEST_WORK_DIR)
	$(BIN)/cld land --landing-dir "$(TEST_LANDING_DIR)" --work-dir "$(TEST_WORK_DIR)"
	CLD_WORK_DIR=$(TEST_WORK_DIR) CLD_DUCKDB_PATH=$(TEST_WORK_DIR)/cld_test.duckdb CLD_SYNTHETIC_DATA=1 \
		$(BIN)/dbt build --target test --warn-error-options '{"error": ["Deprecations"]}'

pytest: $(STAMP)
	CLD_SYNTHETIC_DATA=1 $(BIN)/python -m pytest -q

test: lint dbt-test pytest bench-smoke

# The fuzz test at full size (pytest runs it with 40 mutants): FUZZ_MUTANTS mutated copies of
# the demo files under other LAs' codes, landed beside the demo and built once
# (tests/python/test_fuzz.py).  Same seed, same files.
FUZZ_MUTANTS ?= 300
FUZZ_SEED ?= 20261202
fuzz: $(STAMP)
	CLD_SYNTHETIC_DATA=1 CLD_FUZZ_MUTANTS=$(FUZZ_MUTANTS) CLD_FUZZ_SEED=$(FUZZ_SEED) \
		$(BIN)/python -m pytest tests/python/test_fuzz.py -q -s

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
