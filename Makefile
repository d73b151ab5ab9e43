# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo serve serve-prod test lint migrations-check bench services worker beat clean

# DEBUG is off unless asked for: the development targets ask. serve-prod refuses it.
setup demo serve services worker beat migrations-check bench: export DEBUG ?= true

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# The demo shows independent review: two reviewers must agree before a verdict stands.
demo: export REVIEWERS_REQUIRED ?= 2
demo: setup
	$(PY) manage.py load_demo
	$(PY) manage.py send_digest
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: migrate, collectstatic, then gunicorn with WEB_CONCURRENCY workers of
# GUNICORN_THREADS threads (README, Deploying). Needs SECRET_KEY and ALLOWED_HOSTS.
serve-prod: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/serve-prod

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

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
	rm -rf $(VENV) var .pytest_cache .hypothesis
