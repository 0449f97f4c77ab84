# The two commands a newcomer needs: `make run` (the demo) and `make test` (the whole suite).
# `make bench` measures every page type at 100,000 outputs (see "Benchmark" in README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_DATABASE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cpp_portal
PYTEST_ARGS ?=
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cpp_bench
BENCH_REBUILD ?= 0

# The demo runs like production (DEBUG off, static files compressed and served by WhiteNoise) but on
# plain HTTP at 127.0.0.1, with a secret key generated once for this checkout.
DEMO_ENV = DEBUG=0 DATABASE_URL="$(RUN_DATABASE_URL)" ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 SITE_URL=http://$(HOST):$(PORT) \
	OAI_REPOSITORY_IDENTIFIER=demo.cpp-portal.example OAI_ADMIN_EMAILS=cpp-portal-demo@example.org \
	SECRET_KEY="$$(cat .demo-secret-key)"

.PHONY: run worker test lint format messages bench clean

run: $(VENV)/.run-deps .demo-secret-key
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Serving the CPP Knowledge Portal at http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	@echo "Demo accounts (this demo only; password cpp-demo-2016 for both):"
	@echo "  curator  TDLC curator: review queue at http://$(HOST):$(PORT)/admin/ (sets up an authenticator app at first sign-in)"
	@echo "  toyama   official of Toyama: submissions at http://$(HOST):$(PORT)/submit/"
	@# The demo's task queue is a folder (no server to install): its worker runs beside the web server
	@# and stops with it. It runs the jobs in its own process (the solo pool; file processing still gets a
	@# child process of its own): with a prefork pool, kombu's folder transport gave it one job every 2 s.
	@$(DEMO_ENV) $(BIN)/celery -A cpp_portal worker --beat --pool solo --loglevel WARNING & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(DEMO_ENV) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# A worker of the task queue (file processing, email, periodic sweeps), with the environment's settings:
# in production CELERY_BROKER_URL names the Redis or RabbitMQ shared by every app server and worker.
WORKER_CONCURRENCY ?= 2
worker: $(VENV)/.run-deps
	$(BIN)/celery -A cpp_portal worker --beat --concurrency $(WORKER_CONCURRENCY) --loglevel INFO

test: $(VENV)/.dev-deps /usr/bin/chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Japanese catalogue: gather the marked text into locale/ja/LC_MESSAGES/django.po (new strings come
# in untranslated), then compile it to django.mo. Run it again after translating; commit both files.
# Needs GNU gettext (msgfmt, xgettext); running the portal does not.
messages: $(VENV)/.run-deps
	$(BIN)/python manage.py makemessages -l ja --no-obsolete -i '.venv/*' -i 'tests/*' -i 'staticfiles/*' -i 'node_modules/*'
	$(BIN)/python manage.py compilemessages -l ja -i .venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

.demo-secret-key: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The browser tests drive Debian's Chromium (a browser downloaded by Playwright does not run here).
/usr/bin/chromium:
	@echo "Installing Chromium for the browser tests..."
	@if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

# Builds the synthetic dataset in its own database (reused while its parameters do not change;
# BENCH_REBUILD=1 forces a new one), serves it with gunicorn and measures it with wrk.
bench: $(VENV)/.run-deps /usr/bin/wrk
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" BENCH_REBUILD="$(BENCH_REBUILD)" $(BIN)/python -m bench.run

/usr/bin/wrk:
	@echo "Installing wrk for the benchmark..."
	@if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get install -y -q wrk >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q && $$SUDO apt-get install -y -q wrk; }

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media .demo-secret-key bench/out
