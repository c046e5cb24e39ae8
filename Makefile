# The two commands of the README, plus the checks we run before a commit.
# Everything runs inside .venv, which `make` creates on first use: the import name
# `rules` is also taken by a PyPI package (django-rules), so we never install globally.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: compiled demo test check lint format types contracts bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# -qq: setuptools warns on every editable install that a folder named like a package
	@# may shadow it (here it *is* the package); pip's errors still show.
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(STAMP)

# The rules compiled to C by mypyc (rules/compiled.py): about half the CPU time a feed
# item. Run every time: it does nothing when a build of the current sources exists
# (builds are kept per source hash, so a stamp file could not tell), and an edit to
# rules/ runs the pure Python until the next `make`. Without a C compiler it says why,
# and the pure-Python rules run, with the same results.
compiled: $(STAMP)
	@$(BIN)/python -m rules.build || true

## Open the dashboard on the embedded, offline demo.
demo: compiled
	$(BIN)/seasonwatch dashboard

## Run the whole test suite (what CI runs).
test: compiled
	$(BIN)/python -m pytest -n 2 -q

## Format, lint, types, import contracts, then the tests.
check: lint types contracts test

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

types: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

## Benchmarks (full size); the suite runs them in a short smoke mode.
bench: compiled
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
