# Career Passport: the two commands are `make run` and `make test`.
#
#   make run     serve the app with a demo school on http://127.0.0.1:5000 (SQLite)
#   make test    the whole suite on SQLite and, at the same time, on a throwaway PostgreSQL
#   make lint    ruff
#   make bench   bench/run_all.py
#
# Works as root on a fresh Debian 12 with python3 (3.11): the virtualenv, Python packages
# and (for `make test`) Debian packages are installed on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app passport
HOST ?= 127.0.0.1
PORT ?= 5000
# Extra pytest arguments for both runs, e.g. `make test PYTEST_ARGS='-k login'`.
PYTEST_ARGS ?=
PYTEST := $(PY) -m pytest -ra --durations=5

.PHONY: help run test test-sqlite test-postgres lint bench system-deps

help:
	@echo "make run            serve on http://$(HOST):$(PORT) with a demo school (SQLite in instance/)"
	@echo "make test           whole suite on SQLite and on a throwaway PostgreSQL cluster, side by side"
	@echo "make test-sqlite    only the SQLite run"
	@echo "make test-postgres  only the PostgreSQL run"
	@echo "make lint           ruff check"
	@echo "make bench          python bench/run_all.py"

# --- Python environment -----------------------------------------------------------------
# Stamps: reinstall only when pyproject.toml changes.

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[test]'
	@touch $@ $(VENV)/.installed-run

# --- make run -----------------------------------------------------------------------------
# Plain http on loopback, so the session cookie cannot be Secure-only. SECRET_KEY comes from
# the environment or from instance/secret_key, made once here (instance/ is not committed).

run: $(VENV)/.installed-run
	@bash scripts/system-deps.sh --run
	@mkdir -p instance
	@if [ -z "$${SECRET_KEY:-}" ] && [ ! -s instance/secret_key ]; then \
	  (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(48))' > instance/secret_key); \
	  echo "Made a secret key in instance/secret_key (keep it out of git)."; \
	fi
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret_key)}"; \
	export SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-0}"; \
	export PUBLIC_URL="$${PUBLIC_URL:-http://$(HOST):$(PORT)}"; \
	$(FLASK) db upgrade; \
	$(FLASK) passport demo --if-empty; \
	echo; \
	echo "  Career Passport is running at http://$(HOST):$(PORT)/   (Ctrl-C stops it and its worker)"; \
	echo; \
	$(FLASK) passport worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# --- make test ----------------------------------------------------------------------------
# Both runs always happen, side by side (one per core: about 40% less wall time than one
# after the other); the target fails if either fails. The SQLite run prints as it goes, the
# PostgreSQL run's output follows it. Browser screenshots: /tmp/screens/ and /tmp/screens-postgres/.

system-deps:
	@bash scripts/system-deps.sh

test: system-deps $(VENV)/.installed-test
	@sqlite=0; postgres=0; logs=$$(mktemp -d); \
	echo; echo "== whole suite on SQLite (shown live) and on PostgreSQL (shown after), side by side =="; \
	start=$$(date +%s); \
	( rc=0; SCREENSHOT_DIR=/tmp/screens-postgres bash scripts/pg-test-cluster.sh $(PYTEST) $(PYTEST_ARGS) \
	    > $$logs/postgres.log 2>&1 || rc=$$?; \
	  echo "$$rc $$(( $$(date +%s) - start ))" > $$logs/postgres.result ) & \
	pg_pid=$$!; \
	env -u TEST_DATABASE_URL $(PYTEST) $(PYTEST_ARGS) || sqlite=$$?; \
	sqlite_time=$$(( $$(date +%s) - start )); \
	wait $$pg_pid || true; \
	read -r postgres postgres_time < $$logs/postgres.result 2>/dev/null || { postgres=99; postgres_time='?'; }; \
	echo; echo "==================== the PostgreSQL run ============================="; \
	cat $$logs/postgres.log; rm -rf $$logs; \
	verdict() { if [ "$$1" -eq 0 ]; then echo passed; else echo "FAILED (exit $$1)"; fi; }; \
	echo; echo "==================== summary ========================================"; \
	echo "  SQLite:     $$(verdict $$sqlite) in $${sqlite_time}s"; \
	echo "  PostgreSQL: $$(verdict $$postgres) in $${postgres_time}s"; \
	echo "  (screenshots: /tmp/screens for SQLite, /tmp/screens-postgres for PostgreSQL)"; \
	[ "$$sqlite" -eq 0 ] && [ "$$postgres" -eq 0 ]

test-sqlite: system-deps $(VENV)/.installed-test
	env -u TEST_DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

test-postgres: system-deps $(VENV)/.installed-test
	bash scripts/pg-test-cluster.sh $(PYTEST) $(PYTEST_ARGS)

# --- the rest -------------------------------------------------------------------------------

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed-test
	@if [ -f bench/run_all.py ]; then \
	  $(PY) bench/run_all.py; \
	else \
	  echo "bench/run_all.py does not exist yet: nothing to run."; \
	fi
