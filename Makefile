# marco: documents of the management-incentive cycle generated from content/.
# Every target that needs Python depends on the virtual environment, which is
# created (or refreshed when pyproject.toml changes) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MARCO  := $(BIN)/marco
YEAR   ?=
JOBS   ?=
year_opt := $(if $(YEAR),--year $(YEAR))
jobs_opt := $(if $(JOBS),--jobs $(JOBS))

.DEFAULT_GOAL := help
.PHONY: help install check test decrees circulars programa-marco guides bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv from pyproject.toml and install marco with its test extras

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

check: $(STAMP) ## validate all content and print a summary
	$(MARCO) check

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q

decrees: $(STAMP) ## build the commitment decrees of a year (YEAR=2012, default: latest)
	$(MARCO) build decrees $(year_opt) $(jobs_opt)

bench: $(STAMP) ## run the benchmarks (print figures, fail nothing)
	$(BIN)/python benchmarks/bench_decrees.py

clean: ## remove generated output and caches
	rm -rf output/* .pytest_cache
	@touch output/.gitkeep
