# consult: two commands for a new user (see README.md)
#   make report   set up .venv and run the whole analysis on the bundled example
#   make test     run every test (package, notebooks, end to end)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CONFIG ?= consultations/example.yaml

.DEFAULT_GOAL := help
.PHONY: help setup report test test-fast notebooks example benchmarks clean-outputs

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "consult needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,review]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install consult with its test and review tools

report: $(STAMP) ## run the whole analysis on the example (CONFIG=... for another)
	$(BIN)/consult run $(CONFIG)

test: $(STAMP) ## run the whole test suite: package, end to end, notebooks (nbval)
	$(BIN)/python -m pytest -n 2 --dist loadfile tests
	$(BIN)/python -m pytest -p no:xdist --nbval-lax notebooks

test-fast: $(STAMP) ## the package tests without the slow end-to-end ones
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow" tests

example: $(STAMP) ## regenerate the synthetic example exports in data/raw/
	$(BIN)/python scripts/make_example.py

benchmarks: $(STAMP) ## print the benchmarks' tables (N=100000 for the pipeline; slow)
	$(BIN)/python benchmarks/pipeline.py --n 100000
	$(BIN)/python benchmarks/agreement.py
	$(BIN)/python benchmarks/themes.py

clean-outputs: ## delete data/processed/ and reports/ outputs (raw data is never touched)
	find data/processed reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
