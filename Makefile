# Lectern: `make run` serves the portal, `make test` runs the whole test suite.
# Both work from a fresh clone: they create .venv and install requirements.txt
# (again only when it changed).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.stamp
LECTERN_PORT ?= 8000
PORT ?= $(LECTERN_PORT)
WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: run test venv prepare static chromium redis db-status db-stop backup

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt differs from what was last installed
# (a newer mtime with identical content just refreshes the stamp).
$(STAMP): requirements.txt | $(PY)
	@if [[ -f $(STAMP) ]] && cmp -s requirements.txt $(STAMP); then \
		touch $(STAMP); \
	else \
		echo "Installing requirements into $(VENV) ..."; \
		$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt; \
		cp requirements.txt $(STAMP); \
	fi

venv: $(STAMP)

# Cheap (< 1 s) and idempotent; the manifest storage needs it for templates
# using {% static %}, in tests too.
static: venv
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The background worker (email digests and fetches on their schedule) runs beside the
# web server; Ctrl-C stops both, and either one stopping stops the other. The address
# is printed once /healthz answers 200.
run: static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bootstrap
	$(PY) manage.py procrastinate worker & worker=$$!; \
	LECTERN_PORT=$(PORT) $(VENV)/bin/gunicorn portal.wsgi -c portal/gunicorn.conf.py \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --no-control-socket & web=$$!; \
	trap 'kill $$worker $$web 2>/dev/null; wait $$worker $$web 2>/dev/null' EXIT; \
	if $(PY) scripts/wait_for_health.py http://127.0.0.1:$(PORT)/healthz --timeout 120; then \
		echo "Lectern is up: http://127.0.0.1:$(PORT)/"; fi; \
	wait -n $$worker $$web

# Browser tests drive Debian's Chromium, the shared-cache tests start redis-server;
# as root (CI, a fresh machine) install what is missing.
chromium:
	@command -v chromium >/dev/null || { \
		if [[ $$(id -u) == 0 ]]; then \
			apt-get update -q && apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; \
		else \
			echo "The browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; \
		fi; }

redis:
	@command -v redis-server >/dev/null || { \
		if [[ $$(id -u) == 0 ]]; then \
			apt-get update -q && apt-get install -y -q --no-install-recommends redis-server; \
		else \
			echo "The shared-cache tests need redis-server: sudo apt-get install redis-server" >&2; exit 1; \
		fi; }

test: static chromium redis
	$(PY) -m pytest $(PYTEST_ARGS)

db-status: venv
	$(PY) manage.py embedded_db status

db-stop: venv
	$(PY) manage.py embedded_db stop

# A consistent dump of the whole database into var/backups/ (manage.py restore puts it back).
backup: venv
	$(PY) manage.py backup $(BACKUP_PATH)
