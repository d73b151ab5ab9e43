# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo serve serve-prod test test-future eval check lint format-check typecheck migrations-check bench services worker beat clean

# DEBUG is off unless asked for: the development targets ask. serve-prod refuses it.
setup demo serve services worker beat migrations-check check bench: export DEBUG ?= true

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# The demo shows independent review: two reviewers must agree before a verdict stands.
# Links in emails point where the pages are served. The digest goes to files under var/mail
# (one line says how many), so the address and the logins are what the demo prints last.
demo serve: export SITE_URL ?= http://$(HOST):$(PORT)
demo: export REVIEWERS_REQUIRED ?= 2
demo: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
demo: setup
	$(PY) manage.py load_demo --no-logins
	$(PY) manage.py send_digest
	@$(PY) manage.py load_demo --logins-only
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: migrate, collectstatic, then gunicorn with WEB_CONCURRENCY workers of
# GUNICORN_THREADS threads (README, Deploying). Needs SECRET_KEY and ALLOWED_HOSTS.
serve-prod: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/serve-prod

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite again with the clock a year and ten years ahead (faketime moves Python's clock): no
# test may depend on the real date. On SQLite without the services, whatever the environment
# says: the date logic is the same on both databases, and it keeps CI's time reasonable.
FUTURE_DAYS ?= 365 3650
test-future: $(VENV)/.installed
	@for days in $(FUTURE_DAYS); do \
	  echo "== the suite with the clock $$days days ahead"; \
	  env -u DATABASE_URL -u TEST_DATABASE_NAME -u CELERY_BROKER_URL -u HINDSIGHT_REQUIRE_SERVICES \
	    faketime -f "+$${days}d" $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) || exit 1; \
	done

# The extractor against the issue's targets on the seeds and both halves of the second set;
# fails while any figure is below target (the test half is scored, never listed).
eval: $(VENV)/.installed
	$(PY) tests/eval/evaluate.py --split all

# What a reviewer checks before reading a change; .ci/run runs it before the tests.
check: lint format-check migrations-check typecheck

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

format-check: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .

# mypy with django-stubs and djangorestframework-stubs on claims/ and api/, strict on the pure
# modules (pyproject.toml [tool.mypy]). The plugin imports the settings, which need DEBUG.
typecheck: export DEBUG ?= true
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

bench: $(VENV)/.installed
	bench/run.sh $(BENCH)

# Web + Celery worker + beat against CELERY_BROKER_URL (Redis); `worker` and `beat` alone.
services: setup
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/services

worker: $(VENV)/.installed
	$(PY) -m celery -A tracker worker --loglevel INFO

beat: $(VENV)/.installed
	mkdir -p var
	$(PY) -m celery -A tracker beat --loglevel INFO --schedule var/celerybeat-schedule

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis .mypy_cache
