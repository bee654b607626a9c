# 物业服务学院 — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SYSTEM_PACKAGES := gettext chromium poppler-utils zbar-tools graphviz fonts-noto-cjk fonts-wqy-zenhei libharfbuzz-subset0 nodejs ffmpeg

.PHONY: run test setup system-deps venv messages migrate demo serve worker lint format check-migrations check-deploy security-lint test-sqlite test-postgres bench

# Find Python >= 3.12: $(PYTHON) if given, then python3.13/python3.12 on PATH, then pyenv's versions.
find_python = $(shell for p in $(PYTHON) python3.13 python3.12 python3 $$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { command -v $$p; break; }; done)

$(VENV)/.installed: requirements.txt pyproject.toml
	@PYBIN="$(call find_python)"; \
	if [ -z "$$PYBIN" ]; then echo "Python 3.12 or newer is needed. Install it (e.g. 'pyenv install 3.13' or your system's python3.13 package) or run 'make PYTHON=/path/to/python3.13 run'."; exit 1; fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); echo "Using $$PYBIN"; $$PYBIN -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Debian/Ubuntu packages the platform needs (PDF fonts and shaping, the browser for tests,
# PDF/QR tools for certificate tests, Graphviz for scenario diagrams, ffmpeg to strip field videos'
# location tags, Node for axe-core in the browser tests). Only missing ones are installed. npm is asked for only when no npm is on PATH:
# NodeSource's nodejs carries its own and conflicts with Debian's npm package.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		if ! command -v apt-get >/dev/null; then echo "Please install these system packages:$$missing"; exit 1; fi; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		echo "Installing system packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: venv
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

setup: system-deps venv messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py demo

run: setup
	@echo ""
	@echo "物业服务学院 is running at http://$(HOST):$(PORT)/"
	@echo "Demo logins (password for all: demo12345):"
	@echo "  trainee   trainee    (新员工 · 客服)"
	@echo "  trainer   trainer    (培训师, Wagtail admin at /admin/)"
	@echo "  manager   manager    (项目经理 · 阳光花园)"
	@echo "  manager2  manager2   (项目经理 · 翠湖苑)"
	@echo "  hr        hr         (人事管理员)"
	@echo ""
	@mkdir -p var; trap "kill 0" EXIT; $(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & $(PY) manage.py scheduler >var/scheduler.log 2>&1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: venv
	$(PY) manage.py db_worker

check-migrations: venv
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py makemigrations --check --dry-run -v 0

lint: venv security-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Static security analysis: nothing of medium severity or above (tests and the venv excluded). A
# reviewed exception is marked in place with `# nosec <test id>` and a reason.
security-lint: venv
	$(VENV)/bin/bandit -q -r . -c pyproject.toml --severity-level medium

# Django's deployment checklist against the production settings, with throwaway secrets
# (nothing is connected to: the checks only read the settings).
check-deploy: venv
	DJANGO_SETTINGS_MODULE=lms.settings.production DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DATABASE_URL=postgres://academy@127.0.0.1:5432/academy REDIS_URL=redis://127.0.0.1:6379/0 DJANGO_ALLOWED_HOSTS=academy.example.com \
	$(PY) manage.py check --deploy --fail-level WARNING

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# axe-core (package-lock.json pins it), injected into pages by the accessibility browser test.
node_modules/axe-core/axe.min.js: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

test-sqlite: venv
	$(VENV)/bin/pytest -n 2

# The same suite on PostgreSQL, plus the concurrency tests that need it.
test-postgres: venv
	LMS_TEST_POSTGRES=1 $(VENV)/bin/pytest -n 2

test: system-deps venv node_modules/axe-core/axe.min.js messages check-migrations check-deploy lint
	@mkdir -p var
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "DATABASE_URL not set: PostgreSQL tests skipped."; fi

bench: venv
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b; done
