# Päästölaskuri — every task a developer, coordinator or CI runs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WORKSPACE ?= .
YEARS ?= 2022-2024

.DEFAULT_GOAL := help
.PHONY: help demo test test-fast test-deep lint format bench lab docs lock clean-outputs coursework coursework-grade

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP) ## Write the fictional demo workspace and run every demo year (reports under reports/)
	$(BIN)/paastolaskuri demo --workspace $(WORKSPACE) --years $(YEARS)
	$(BIN)/paastolaskuri run --workspace $(WORKSPACE) --all-years

# one worker per core; a file's tests stay together (its module fixture is built once). Not
# --dist loadgroup: pytest-xdist 3.8 groups by rewriting item._nodeid, which pytest 9 no longer reads.
# --no-loadscope-reorder: files go out in collection order (tests/integration, the slow ones, first)
# instead of xdist's default of the files with the most tests first, which left the one-test kernel
# files (the README replay, a minute and more) for the end, one worker running them while the other idled
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder
COVERAGE_FLOOR ?= 93
COVERAGE := --cov=paastolaskuri --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

# compiled once before the run: every kernel and CLI subprocess the tests start then reads the
# package's bytecode instead of compiling lib/ again (CI images often set PYTHONDONTWRITEBYTECODE)
test: $(STAMP) ## Run the whole test suite: its duration, its 25 slowest tests and the coverage
	@start=$$(date +%s); status=0; \
	$(BIN)/python -m compileall -q lib tests > /dev/null; \
	$(PYTEST) --durations=25 $(COVERAGE) || status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

test-fast: $(STAMP) ## Run the tests that need no Jupyter kernel
	$(PYTEST) -m "not slow"

test-deep: $(STAMP) ## The whole suite with fresh, ten times more Hypothesis examples
	HYPOTHESIS_PROFILE=deep $(PYTEST) --durations=25

# the house rules read from the source: layers (no upward import), one home per rule, the module map
STRUCTURE := tests/unit/core/test_layers.py tests/unit/core/test_one_home_literals.py \
	tests/unit/reporting/test_one_home_per_rule.py tests/unit/core/test_module_map.py

lint: $(STAMP) ## ruff, mypy, and the structure checks (layers, one home per rule) — CI runs this before the tests
	$(BIN)/ruff format --check lib tests benchmarks notebooks
	$(BIN)/ruff check lib tests benchmarks notebooks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 0 $(STRUCTURE)

format: $(STAMP) ## Reformat the code and apply ruff's safe fixes
	$(BIN)/ruff format lib tests benchmarks notebooks
	$(BIN)/ruff check --fix lib tests benchmarks notebooks

bench: $(STAMP) ## Benchmarks: a table of medians and ratios against a baseline (not a test)
	$(BIN)/python benchmarks/run_benchmarks.py

lab: $(STAMP) ## JupyterLab on the repository (notebooks/ use WORKSPACE); started in COURSE when built, so the formgrader lists the assignments
	cd $(if $(wildcard $(COURSE)/nbgrader_config.py),$(COURSE),.) && PAASTOLASKURI_WORKSPACE=$(abspath $(WORKSPACE)) $(abspath $(BIN))/jupyter lab --notebook-dir=$(abspath .) $(if $(filter 0,$(shell id -u)),--allow-root)

docs: $(STAMP) ## Regenerate the factor tables in docs/method.md from the catalogue and factor sets
	$(BIN)/python -c "from pathlib import Path; from paastolaskuri.reporting.method_docs import update_method_doc; update_method_doc(Path('docs/method.md'))"
	$(BIN)/python -c "from pathlib import Path; from paastolaskuri.research.schema import update_doc; update_doc(Path('docs/data_dictionary.md'))"

lock: ## Re-resolve dependencies into requirements.lock (needs network access to PyPI)
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[test,dev]'
	(echo "# Exact versions of every package in the virtual environment (make uses this file)."; \
	 echo "# Regenerate: make lock"; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^paastolaskuri') > requirements.lock
	rm -rf .venv-lock

COURSE ?= build/coursework
STUDENTS ?=
coursework: $(STAMP) ## Coursework: course secret (once), student release, cases and keys into build/coursework/ (STUDENTS="id1 id2")
	test -f $(COURSE)/private/course_secret || $(BIN)/paastolaskuri coursework init --course $(COURSE)
	$(BIN)/paastolaskuri coursework build --course $(COURSE) --students "$(STUDENTS)"

coursework-grade: $(STAMP) ## Autograde SUBMITTED=DIR (DIR/<student>/<assignment>/*.ipynb) into build/coursework/grades.csv
	@test -n "$(SUBMITTED)" || (echo "make coursework-grade SUBMITTED=DIR" >&2; exit 2)
	$(BIN)/paastolaskuri coursework grade $(SUBMITTED) --course $(COURSE) --jobs $(or $(JOBS),2)

clean-outputs: ## Delete derived data and reports (data/raw is never touched)
	rm -rf data/processed/[0-9]* reports/[0-9]*
