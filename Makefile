# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := 1
export DO_NOT_TRACK := 1

.PHONY: install run test test-fast ui lint fmt bench clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -c requirements/constraints.txt -e ".[dev]"
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/mfgstats run

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not e2e and not slow"

ui: install
	$(BIN)/mfgstats ui

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Apache Superset on the published warehouse (its own venv, .venv-bi): `make bi` serves it on 127.0.0.1:8088;
# `make bi-test` is its slow end-to-end test (SQL Lab and chart-data through the REST API), not part of `make test`.
.PHONY: bi bi-test
bi: install
	PYTHON=$(PYTHON) bi/start.sh

bi-test: install
	PYTHON=$(PYTHON) bi/install.sh
	$(BIN)/python -m pytest -p no:cacheprovider bi/tests

bench: install
	$(BIN)/python bench/extract.py

# Scale benchmarks (docs/scale.md): slow, several minutes each; deployments stay in /tmp/mfgstats-bench.
.PHONY: bench-scale bench-incremental bench-queries
bench-scale: install
	$(BIN)/python bench/cold_build.py --sizes 1000 5000 10000

bench-incremental: install
	$(BIN)/python bench/incremental.py --sizes 1000 10000

bench-queries: install
	$(BIN)/python bench/queries.py

# Everything built: the warehouse directory (build database, published file, quality report, logs, lock,
# extensions) but its .gitkeep, dbt's output, the Dagster instance, benchmark output. data/raw/ is the input: kept.
clean:
	find data/warehouse -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf dbt_project/target dbt_project/logs dbt_project/dbt_packages .dagster_home logs bench/out
