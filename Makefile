# Groupage — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench install migrate demo clean-data

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Serve the demo collectives on http://panier-des-pres.localhost:8000 (embedded PostgreSQL, tasks in-process)
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate_fleet --by make-run
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite against PostgreSQL (DATABASE_URL, or the embedded one)
test: $(STAMP)
	$(PY) -m tests.setup_browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## Every benchmark, one table (not part of the tests)
bench: $(STAMP)
	$(PY) manage.py bench $(BENCH_ARGS)

clean-data:
	rm -rf .data
