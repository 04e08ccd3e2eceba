# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_DB ?= sqlite:///demo/aquadata.sqlite3
PYTEST_ARGS ?=

.PHONY: install demo test lint clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## The main job on the embedded default database (SQLite): build it and show what it holds.
demo: install
	rm -f demo/aquadata.sqlite3
	$(VENV)/bin/aquadata saturate --database $(DEMO_DB) --scale small --seed 1 --tables

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
test: install
	$(PY) -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) demo .pytest_cache .ruff_cache .hypothesis
