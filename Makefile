# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test install install-test browser nginx messages makemessages lint vendor benchmark deploy-local clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

## Start the site with demo content on SQLite (no setup needed).
run: install messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) loaddemo --with-staff
	@echo
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/en/admin/  (user demo-admin, password demo-admin)"
	@echo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's Chromium (no browser download) and axe-core from npm, for the browser tests.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; fi; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error

# Debian's nginx, for the deployment tests and `make deploy-local` (never started as a service).
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; fi; }

## Run the whole test suite (DATABASE_URL picks the database; SQLite when unset).
test: install-test browser nginx messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run

# Response times under gunicorn with production settings (see scripts/benchmark.py).
benchmark: install-test
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS)

## The whole deployment on this machine: nginx, two gunicorns, the task worker and an
## S3-compatible server under honcho, on PostgreSQL and Redis (see docs/deployment.md).
deploy-local: install-test nginx messages
	$(BIN)/python deploy/local.py

# Refresh translation catalogues after changing UI strings (then translate, then `make messages`).
makemessages: install
	$(MANAGE) makemessages -l ar -l fr --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete
	@# Strings of an app that has its own locale/ folder land in that app's catalogue.

# Copy front-end files from npm packages into static/ (they are committed with their licences).
vendor:
	npm ci --no-audit --no-fund --loglevel=error
	cp node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-{400,700}-normal.woff2 static/fonts/
	cp node_modules/@fontsource/noto-naskh-arabic/LICENSE static/fonts/LICENSE-noto-naskh-arabic.txt
	cp node_modules/jquery-ui/dist/jquery-ui.min.js node_modules/jquery-ui/LICENSE.txt static/vendor/jquery-ui/

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .deploy-local
