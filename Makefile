# The one entry point: `make run` on a fresh machine, `make test`, `make quality`, `make bench`.
# Every install step is a file target, so a second `make run` only migrates and starts the server.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
# DEBUG off so Django's query log does not skew timings; same database as `make run`.
BENCH_SETTINGS ?= maillage.settings.test
UV_VERSION := 0.13.9
CHROMIUM := /usr/bin/chromium
PDFTOPPM := /usr/bin/pdftoppm

# uv must use the machine's Python 3.12, never download one.
export UV_PYTHON_DOWNLOADS := never
ifneq ($(filter-out help clean,$(or $(MAKECMDGOALS),help)),)
PYTHON312 := $(shell scripts/find-python312.sh)
ifeq ($(PYTHON312),)
$(error Python 3.12 is required (see the message above))
endif
export UV_PYTHON := $(PYTHON312)
endif

# A uv already on PATH is used as is; otherwise the pinned version is installed into .bootstrap/.
UV := $(shell uv --version >/dev/null 2>&1 && command -v uv)
ifeq ($(UV),)
UV := $(CURDIR)/.bootstrap/bin/uv
UV_PREREQ := $(UV)
endif

# The venv is synced once per lock change; `--no-sync` keeps `uv run` from re-resolving on every call.
RUN := $(UV) run --frozen --no-sync
MANAGE := $(RUN) python manage.py
MANAGE_DEV := DJANGO_SETTINGS_MODULE=maillage.settings.dev DJANGO_SECRET_KEY="$$(cat var/secret_key)" $(MANAGE)
MANAGE_TEST := DJANGO_SETTINGS_MODULE=maillage.settings.test $(MANAGE)

VENV_STAMP := .venv/.maillage-synced
NODE_STAMP := node_modules/.package-lock.json

.PHONY: help install db run test test-postgres quality bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  Variables: PORT=$(PORT) PYTEST_ARGS='…' PYTEST_WORKERS=auto BENCH_ARGS='…'"

$(CURDIR)/.bootstrap/bin/uv:
	$(PYTHON312) -m venv .bootstrap
	.bootstrap/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# The dev group (pytest, ruff, mypy, playwright…) is always synced: one venv serves every target.
$(VENV_STAMP): pyproject.toml uv.lock | $(UV_PREREQ)
	UV_COMPILE_BYTECODE=1 $(UV) sync --frozen --group dev
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

var/secret_key:
	@mkdir -p var
	@umask 077 && $(PYTHON312) -c 'import secrets; print(secrets.token_urlsafe(50))' >$@

$(CHROMIUM):
	scripts/ensure-debian-tool.sh $@ chromium "the browser tests"

$(PDFTOPPM):
	scripts/ensure-debian-tool.sh $@ poppler-utils "the PDF layout tests"

install: $(VENV_STAMP) $(NODE_STAMP) ## Install Python (uv) and npm dependencies

db: install var/secret_key ## Migrate the local database and load the territorial referential
	$(MANAGE_DEV) migrate --noinput
	$(MANAGE_DEV) createcachetable
	$(MANAGE_DEV) import_territoires
	@if $(MANAGE_DEV) help load_reference_data >/dev/null 2>&1; then \
		$(MANAGE_DEV) load_reference_data; \
	fi

run: db ## Start the site on http://127.0.0.1:PORT/ (PORT=8000 by default)
	$(MANAGE_DEV) runserver 127.0.0.1:$(PORT)

# Parallel workers (pytest-xdist), each with its own test database, fed test by test in collection order
# (tests/conftest.py: transactional tests last, the whole-referential file on one worker).
# PYTEST_WORKERS=0 runs everything in one process.
test: PYTEST_WORKERS ?= auto
test: install $(CHROMIUM) $(PDFTOPPM) ## Run the whole test suite, browser tests included (PYTEST_ARGS=… to narrow)
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=maillage.settings.test $(RUN) pytest -n $(PYTEST_WORKERS) --dist load \
		--durations=20 $(PYTEST_ARGS)

test-postgres: install $(CHROMIUM) $(PDFTOPPM) ## Run the test suite against a throwaway PostgreSQL 15 cluster
	scripts/postgres-test-cluster.sh run -- $(MAKE) --no-print-directory test

quality: install ## Formatting, lint, types, Django checks, missing migrations
	@mkdir -p var
	$(RUN) ruff format --check .
	$(RUN) ruff check .
	$(RUN) mypy .
	$(MANAGE_TEST) check
	$(MANAGE_TEST) makemigrations --check --dry-run
	@# The production settings, with a throwaway key made now: deployment checks, warnings included.
	DJANGO_SETTINGS_MODULE=maillage.settings.production \
		DJANGO_SECRET_KEY="$$($(PYTHON312) -c 'import secrets; print(secrets.token_urlsafe(60))')" \
		DJANGO_ALLOWED_HOSTS=maillage.example DATABASE_URL="sqlite:///$(CURDIR)/var/maillage.sqlite3" \
		$(MANAGE) check --deploy --fail-level WARNING

bench: db ## Run bench/bench_*.py, results in bench/results/
	DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) $(RUN) python bench/run.py $(BENCH_ARGS)

# var/ (local database, secret key) and bench/results/ (measurements) are kept on purpose.
clean: ## Remove installed dependencies and caches
	rm -rf .venv .bootstrap node_modules staticfiles .mypy_cache .ruff_cache .pytest_cache
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
