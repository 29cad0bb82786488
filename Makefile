# Legday: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: help run test lint mutate screenshots bench two-servers check-python venv install install-dev chromium wrk demo clean

help:
	@echo "make run   - set up, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test  - install test tools and Chromium, then run the whole test suite"
	@echo "make lint  - ruff, the migrations check and mypy (django-stubs)"
	@echo "make mutate - mutation testing of the rules, curve and planner (slow; not in CI)"
	@echo "make screenshots - regenerate docs/screenshot*.png from the demo data"
	@echo "make bench - gunicorn + wrk: pages against the floor, the coach dashboard at 10-2,000 athletes"
	@echo "make two-servers - two app servers on one PostgreSQL and one Redis share every state"

# Find a Python >= 3.12 (pyenv's .python-version, then python3.13/3.12, then python3).
PYTHON_BOOT := $(shell for c in python3 python3.13 python3.12 python; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$c; break; fi; done)

check-python:
	@if [ -z "$(PYTHON_BOOT)" ]; then \
	  echo "Legday needs Python 3.12 or newer, and none was found on PATH." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package) and retry." >&2; \
	  exit 1; fi

$(VENV)/.created: | check-python
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.created
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# DEBUG is off unless set: development turns it on here.
run: export DEBUG = 1
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --url http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# Playwright cannot download its own browser everywhere: use Debian's chromium.
chromium:
	@if [ -x "$(CHROMIUM_PATH)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at $(CHROMIUM_PATH): install Debian's 'chromium' package" >&2; \
	  echo "(sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2; \
	  exit 1; \
	fi

test: install-dev chromium
	$(VENV)/bin/pytest

# DEBUG=1: config.settings (which mypy's django-stubs plugin loads) needs it without production secrets.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(VENV)/bin/mypy

# The README's screenshots: demo data on a throwaway database, photographed by Playwright.
# Mutation testing of the pure domain (rules, curve, planner) against its pure tests; not in CI.
mutate: install-dev
	rm -rf mutants
	$(VENV)/bin/mutmut run || true
	$(VENV)/bin/mutmut results

screenshots: install-dev chromium
	$(PY) scripts/screenshots.py --out docs

# Load tests need wrk (Debian's package).
wrk:
	@if command -v wrk >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
	  echo "make bench needs wrk: install Debian's 'wrk' package (sudo apt-get install wrk)." >&2; \
	  exit 1; \
	fi

# Writes its own section of docs/benchmarks.md (about 10 minutes; not part of make test).
bench: install-dev wrk
	$(PY) bench/bench_http.py --athletes $${BENCH_ATHLETES:-2000} --out docs/benchmarks.md

two-servers: install-dev
	$(PY) scripts/two_servers.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis mutants
