# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

UV_VERSION := 0.13.9

# Python keeps the modules it compiles (__pycache__, ignored by git). A machine that sets
# PYTHONDONTWRITEBYTECODE (some container images do) would have every process compile Django,
# the project and the tests again: 2 s more for each manage.py, server or test worker started.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install install-test browser gettext system-packages nginx messages makemessages lint lock vendor benchmark deploy-local clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

# Exact versions of every package, indirect ones included, come from the lock files
# (requirements/*.txt, written by `make lock`); the project itself is installed on top.
# uv installs them (from PyPI, like pip, and several times faster than pip in a fresh clone).
UV_INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python
$(VENV)/.installed: pyproject.toml requirements/base.txt | $(BIN)/uv
	$(UV_INSTALL) -r requirements/base.txt
	$(UV_INSTALL) --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(BIN)/uv
	$(UV_INSTALL) -r requirements/test.txt
	$(UV_INSTALL) --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian packages, each installed when its command is missing (scripts/apt-install).
# GNU gettext (msgfmt), for compilemessages and makemessages.
gettext:
	@scripts/apt-install gettext:msgfmt

# Every Debian package of the tests and the benchmark, in one apt-get call (CI starts it first).
system-packages:
	@scripts/apt-install gettext:msgfmt chromium:chromium nginx:/usr/sbin/nginx wrk:wrk

# Compiled again only when a catalogue changed (or a compiled one is missing): CI's steps each
# ask for them.
PO_FILES := $(shell find . \( -path ./.venv -o -path ./node_modules \) -prune -o -name '*.po' -print)
messages: $(VENV)/.messages
	@for po in $(PO_FILES); do [ -f "$${po%.po}.mo" ] || { rm -f $(VENV)/.messages; $(MAKE) --no-print-directory $(VENV)/.messages; break; }; done

$(VENV)/.messages: $(PO_FILES) | install gettext
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

## Start the site with demo content on SQLite (no setup needed).
run: install messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) loaddemo --with-staff
	@echo
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/en/admin/  (user demo-admin, password demo-admin)"
	@echo
	@# The background worker (queued e-mail) runs beside the server and stops with it.
	@$(MANAGE) db_worker --queue-name '*' --interval 2 --no-reload -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's Chromium (no browser download) and axe-core from npm, for the browser tests.
browser:
	@scripts/apt-install chromium:chromium
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error

# Debian's nginx, for the deployment tests and `make deploy-local` (never started as a service).
nginx:
	@scripts/apt-install nginx:/usr/sbin/nginx

## Run the whole test suite (DATABASE_URL picks the database; SQLite when unset).
## TEST_WORKERS processes in parallel (pytest-xdist), each test file whole on one of them
## (module fixtures are set up once), the slowest files first (tests/conftest.py);
## TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
test: install-test browser nginx messages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

# Re-resolve the lock files after changing dependencies in pyproject.toml (see README).
lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --python-platform linux \
	  --quiet --no-header --annotation-style line -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --python-platform linux \
	  --quiet --no-header --annotation-style line -o requirements/test.txt

# Throughput against Django's floor under gunicorn, production settings, PostgreSQL and Redis
# (see scripts/benchmark.py; BENCHMARK_ARGS=--quick is CI's short run). wrk comes from Debian.
benchmark: install-test messages
	@scripts/apt-install wrk:wrk
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS)

## The whole deployment on this machine: nginx, two gunicorns, the task worker and an
## S3-compatible server under honcho, on PostgreSQL and Redis (see docs/deployment.md).
deploy-local: install-test nginx messages
	$(BIN)/python deploy/local.py

# Refresh translation catalogues after changing UI strings (then translate, then `make messages`).
makemessages: install gettext
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
