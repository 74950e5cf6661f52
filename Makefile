# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED_CORPUS ?= ../shared/corpus
KNOWLEDGE_DIRS ?= knowledge/documents:$(SHARED_CORPUS)
export KNOWLEDGE_DIRS

.PHONY: install run ingest test lint bench

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch from local disk, before anything that depends on it.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

ingest: install
	$(VENV)/bin/thiduabot ingest

run: install
	$(VENV)/bin/thiduabot run

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/retrieval.py
