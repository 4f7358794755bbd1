# kgraph: `make demo` sets up and answers a question on the bundled data;
# `make test` sets up and runs the test suite.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= what grew out of the Cartagena summit?

.PHONY: demo install test test-deps test-lowest bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet .

demo: install
	$(BIN)/kgraph validate
	$(BIN)/kgraph ask "$(QUESTION)"

# (--upgrade: a .venv made earlier gets the newest releases too, as `make test` promises)
test-deps: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test]"
	@if [ -f scripts/test-deps.sh ]; then bash scripts/test-deps.sh; fi

test: test-deps
	$(BIN)/python -m pytest

# the suite against the lowest version of every runtime dependency pyproject.toml allows
# (`make test` runs it against the newest)
LOWEST ?= .venv-lowest
test-lowest: test-deps
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python scripts/lowest.py > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/python -m pip install --quiet -c $(LOWEST)/constraints.txt -e ".[test]"
	$(LOWEST)/bin/python -m pytest -W ignore::DeprecationWarning

bench: install
	$(BIN)/python -m pip install --quiet ".[bench]"
	$(BIN)/python benchmarks/run.py

lint: test-deps
	$(BIN)/python -m pip install --quiet -e ".[lint]"
	$(BIN)/python -m ruff check kgraph tests benchmarks scripts
	$(BIN)/python -m mypy kgraph

clean:
	rm -rf $(VENV) $(LOWEST) build dist *.egg-info .pytest_cache tests/.cache
