# marco: documents of the management-incentive cycle generated from content/.
# Every target that needs Python depends on the virtual environment, which is
# created (or refreshed when pyproject.toml changes) on first use. The targets
# that build documents (decrees, circulars, …) come from the kind registry,
# generator/kinds.py, which the system's Python reads without the environment.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MARCO  := $(BIN)/marco
YEAR   ?=
JOBS   ?=
PDF_ENGINE ?=
year_opt := $(if $(YEAR),--year $(YEAR))
jobs_opt := $(if $(JOBS),--jobs $(JOBS))
pdf_opt  := $(if $(PDF_ENGINE),--pdf-engine $(PDF_ENGINE))

# Debian packages the documents need: Graphviz draws the guides' flow diagrams,
# HarfBuzz's subsetter makes WeasyPrint embed fonts about five times faster,
# Liberation fonts stand in for Arial.
DEBIAN_PACKAGES := graphviz libharfbuzz-subset0 fonts-liberation2

KINDS_MK := $(VENV)/kinds.mk

.DEFAULT_GOAL := help
.PHONY: help install system-deps check test bench diff serve clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv from pyproject.toml and install marco with its test extras

system-deps: ## install the Debian packages the documents need (as root), or say which are missing
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	      || echo "warning: could not install$$missing"; \
	  else echo "warning: missing Debian packages:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

check: $(STAMP) ## validate the content and every document of every kind, writing nothing
	$(MARCO) check

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q

bench: $(STAMP) ## run the benchmarks (print figures, fail nothing; several minutes)
	$(BIN)/python benchmarks/bench_docx_writer.py
	$(BIN)/python benchmarks/bench_pdf_writer.py
	$(BIN)/python benchmarks/bench_decrees.py
	$(BIN)/python benchmarks/bench_evaluation.py
	$(BIN)/python benchmarks/bench_forms.py
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_serve.py

# marco diff exits 1 when documents changed: that is this target's answer, not a failure.
diff: $(STAMP) ## review the documents' changes from HEAD to the working tree (+ output/review.html, output/redlines/)
	@$(MARCO) diff --html output/review.html --docx output/redlines $(jobs_opt) || [ $$? -eq 1 ]

serve: $(STAMP) ## preview the documents while editing: http://127.0.0.1:8000/, rebuilt on save (PORT=, YEAR=)
	$(MARCO) serve $(if $(PORT),--port $(PORT)) $(year_opt)

clean: ## remove generated output and caches
	rm -rf output/* .pytest_cache
	@touch output/.gitkeep

# One target per document kind: make decrees, make circulars, make programa-marco, make guides
$(KINDS_MK): generator/kinds.py generator/model/scheme.py generator/errors.py
	@mkdir -p $(VENV)
	@$(PYTHON) -S -m generator.kinds makefile > $@.tmp && mv $@.tmp $@
-include $(KINDS_MK)
