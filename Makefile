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
# The tests write only under warehouse/test: the fixtures' work dir and database, and their own
# dbt target and log paths (so `make build`'s target/ — manifest, run results, docs — is never
# overwritten by `make test`).
TEST_LANDING_DIR := $(CURDIR)/tests/fixtures/landing
TEST_WORK_DIR := $(CURDIR)/warehouse/test
TEST_FIXTURES_WORK := $(TEST_WORK_DIR)/fixtures
# The fixtures warehouse is pseudonymised under a key of the tests' own (not the development
# default): tests/python/test_pseudo_extract.py checks the keyed hashes against it.
TEST_PSEUDO_KEY := make-test-key-8Qw2Lp
DBT_FLAGS ?=
# e.g. BUILD_FLAGS=--fail-on-rejected (exit 4 when a file is rejected; README "Exit codes").
BUILD_FLAGS ?=

# pytest: two workers (pytest-xdist), each test module on one worker, in the order of
# tests/python/conftest.py (longest first; not xdist's default of most tests first); names and
# the ten slowest durations are printed (pyproject.toml).
PYTEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder
DOCS_PORT ?= 8080

.PHONY: help install install-spark test-spark demo-data land build rebuild docs docs-generate test test-fast lint dbt-test pytest \
	pytest-fast pytest-after-dbt-test dbt-test-then-pytest dbt-test-then-pytest-fast fuzz clean bench bench-smoke test-times report export-marts

help:
	@echo "make build   venv + pinned deps, demo data, then cld build: land, dbt build, docs, publish, summary"
	@echo "make test    sqlfluff lint, dbt build on the test fixtures (separate database), pytest, benchmark smoke run"
	@echo "make report  SALT and ASCOF workbooks (.xlsx) per LA and England, DQ page (HTML) per LA, into warehouse/reports"
	@echo "make test-spark the demo built on DuckDB and on Spark (install-spark), every table compared row for row, Spark pytest"
	@echo "make test-fast  the edit-test loop: lint, dbt build on the test fixtures (unit + data tests), pytest without the warehouse builds"
	@echo "make docs    dbt docs generate, then dbt docs serve on port $(DOCS_PORT)"
	@echo "make rebuild land + incremental dbt build (only new, changed or removed files and the LAs they touch are reprocessed)"
	@echo "make fuzz    $(FUZZ_MUTANTS) seeded mutated submissions (seed $(FUZZ_SEED)) landed beside the demo, one build, checked (FUZZ_MUTANTS=, FUZZ_SEED=)"

# The lock pins the build backend (setuptools, wheel), so this package installs from the venv
# itself: no build isolation, no download, and no fallback that would hide an error.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The second engine: dbt-spark (session method) and PySpark, pinned in requirements-spark.lock,
# into the same venv (README "Spark").  Java 17 comes from the OS.
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): $(STAMP) requirements-spark.lock
	$(BIN)/python -m pip install --quiet -r requirements-spark.lock
	touch $(SPARK_STAMP)

install-spark: $(SPARK_STAMP)

# The cross-engine check (README "Spark", docs/spark.md "Cross-engine check"): the demo landed
# once into warehouse/test-spark/work, built on DuckDB (`cld build`) and on Spark (`dbt build
# --target spark --full-refresh`: seeds, every model, every data and unit test) from that same
# landed area, then `cld compare`: every model and seed of the manifest, row for row.  Then the
# pytest modules marked `spark`.  Each step prints its wall time; no JVM is left running (the
# Spark session lives in the dbt, cld compare and pytest processes and ends with them).
TEST_SPARK_DIR := $(CURDIR)/warehouse/test-spark
TEST_SPARK_WORK := $(TEST_SPARK_DIR)/work
TEST_SPARK_ENV := CLD_LANDING_DIR=$(DEMO_LANDING_DIR) CLD_WORK_DIR=$(TEST_SPARK_WORK) CLD_SYNTHETIC_DATA=1 \
	CLD_LANDED_URI= TZ=UTC
TEST_SPARK_DUCKDB := $(TEST_SPARK_DIR)/duckdb
TEST_SPARK_DBT := $(TEST_SPARK_DIR)/spark-dbt
# e.g. TEST_SPARK_DBT_FLAGS="--exclude-resource-type unit_test" for a quicker local loop (not CI's)
TEST_SPARK_DBT_FLAGS ?=
# step LABEL COMMAND...: run COMMAND, then print how long it took; its exit status is the step's.
STEP = @bash -c 'label="$$1"; shift; start=$$(date +%s); "$$@"; rc=$$?; \
	echo "test-spark: $$label: $$(( $$(date +%s) - start )) s$$( [ $$rc = 0 ] || echo ", FAILED (exit $$rc)")" \
	| tee -a $(TEST_SPARK_DIR)/times.txt; exit $$rc' step
test-spark: $(SPARK_STAMP)
	@command -v java >/dev/null || { echo "test-spark: no java on PATH (Spark needs Java 17 from the OS)"; exit 2; }
	rm -rf $(TEST_SPARK_DIR) && mkdir -p $(TEST_SPARK_WORK)
	@echo "test-spark: started $$(date -u '+%Y-%m-%d %H:%M:%S') UTC" | tee $(TEST_SPARK_DIR)/times.txt
	$(STEP) "land the demo (once, for both engines)" env $(TEST_SPARK_ENV) \
		$(BIN)/cld land --landing-dir $(DEMO_LANDING_DIR) --work-dir $(TEST_SPARK_WORK)
	$(STEP) "DuckDB build (cld build --full-refresh)" env $(TEST_SPARK_ENV) \
		CLD_DUCKDB_PATH=$(TEST_SPARK_DUCKDB)/cld.duckdb DBT_TARGET_PATH=$(TEST_SPARK_DUCKDB)/target \
		DBT_LOG_PATH=$(TEST_SPARK_DUCKDB)/logs $(BIN)/cld build --full-refresh
	$(STEP) "Spark build (dbt build --target spark --full-refresh)" env $(TEST_SPARK_ENV) \
		DBT_TARGET_PATH=$(TEST_SPARK_DBT)/target DBT_LOG_PATH=$(TEST_SPARK_DBT)/logs \
		$(BIN)/dbt build --target spark --full-refresh $(TEST_SPARK_DBT_FLAGS)
	$(STEP) "compare every table (cld compare)" env $(TEST_SPARK_ENV) \
		$(BIN)/cld compare --manifest $(TEST_SPARK_DUCKDB)/target/manifest.json \
		--duckdb $(TEST_SPARK_DUCKDB)/cld.duckdb --spark
	$(STEP) "pytest -m spark" env $(TEST_SPARK_ENV) CLD_TEST_SPARK=1 \
		$(BIN)/python -m pytest -m spark -p no:xdist
	@if pgrep -f -- "[j]ava.*$(TEST_SPARK_DIR)" >/dev/null; then \
		echo "test-spark: a JVM on $(TEST_SPARK_DIR) is still running:"; pgrep -af -- "[j]ava.*$(TEST_SPARK_DIR)"; exit 1; fi
	@echo "test-spark: passed; finished $$(date -u '+%Y-%m-%d %H:%M:%S') UTC (step times in $(TEST_SPARK_DIR)/times.txt)" \
		| tee -a $(TEST_SPARK_DIR)/times.txt

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

# Serves the docs of the dev target (DBT_PROFILES_DIR is exported above); Ctrl-C stops it.
docs: docs-generate
	$(BIN)/dbt docs serve --port $(DOCS_PORT)

docs-generate: $(STAMP)
	$(BIN)/dbt docs generate --static

# sqlfluff's dbt templater parses the project into its own target path.
lint: $(STAMP)
	DBT_TARGET_PATH=$(TEST_WORK_DIR)/lint/target DBT_LOG_PATH=$(TEST_WORK_DIR)/lint/logs \
		$(BIN)/sqlfluff lint models analyses tests/dbt --processes 2

# dbt build on the fixtures (generated error-laden and hostile submissions): every unit test and
# data test, own work dir, database, target and logs.  pytest reads this warehouse in `make test`
# and `make test-fast` (CLD_TEST_FIXTURES_WORK; tests/python/conftest.py) instead of building it again.
dbt-test: $(STAMP)
	rm -rf $(TEST_FIXTURES_WORK) && mkdir -p $(TEST_FIXTURES_WORK)
	set -o pipefail; $(BIN)/cld land --landing-dir "$(TEST_LANDING_DIR)" --work-dir "$(TEST_FIXTURES_WORK)" \
		| tee $(TEST_FIXTURES_WORK)/land.log
	CLD_LANDING_DIR=$(TEST_LANDING_DIR) CLD_WORK_DIR=$(TEST_FIXTURES_WORK) \
		CLD_DUCKDB_PATH=$(TEST_FIXTURES_WORK)/cld.duckdb CLD_PSEUDO_KEY=$(TEST_PSEUDO_KEY) CLD_SYNTHETIC_DATA=1 \
		DBT_TARGET_PATH=$(TEST_FIXTURES_WORK)/target DBT_LOG_PATH=$(TEST_FIXTURES_WORK)/logs \
		$(BIN)/dbt build --target test --warn-error-options '{"error": ["Deprecations"]}'

# pytest alone builds every warehouse it needs (tests/python/conftest.py).
pytest: $(STAMP)
	CLD_SYNTHETIC_DATA=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# pytest reading the fixtures warehouse `make dbt-test` built (run after it).
SHARED_FIXTURES := CLD_SYNTHETIC_DATA=1 CLD_TEST_FIXTURES_WORK=$(TEST_FIXTURES_WORK) CLD_TEST_PSEUDO_KEY=$(TEST_PSEUDO_KEY)
pytest-after-dbt-test: $(STAMP)
	$(SHARED_FIXTURES) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Python tests that build no warehouse of their own (marker warehouse_build).
pytest-fast: $(STAMP)
	$(SHARED_FIXTURES) $(BIN)/python -m pytest $(PYTEST_ARGS) -m "not warehouse_build"

# lint runs beside the fixtures build and the pytest run after it (2 cores; output kept per
# target): lint leaves a core idle much of its time, which they fill.  pytest runs the
# benchmark smoke run too (tests/python/test_bench_smoke.py: `make bench-smoke` on one of its
# two workers).
test: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target lint dbt-test-then-pytest

test-fast: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target lint dbt-test-then-pytest-fast

dbt-test-then-pytest: $(STAMP)
	$(MAKE) --no-print-directory dbt-test
	$(MAKE) --no-print-directory pytest-after-dbt-test

dbt-test-then-pytest-fast: $(STAMP)
	$(MAKE) --no-print-directory dbt-test
	$(MAKE) --no-print-directory pytest-fast

# Wall time of each phase of `make test-fast` and `make test` (bench/test_times.py; figures to
# docs/test_times.md).
test-times: $(STAMP)
	$(BIN)/python bench/test_times.py

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
# `make test` runs it inside pytest (tests/python/test_bench_smoke.py, same arguments).
bench-smoke: $(STAMP)
	$(BIN)/python bench/benchmark.py --scale 0.01 --las 4 --quarterly --smoke
