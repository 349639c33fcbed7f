# The README's two commands: `make run` and `make test`.
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=true

.PHONY: run test quick browser-test env messages compile-messages lint format dataset serve-prod bench lighthouse load fleet

env:
	@scripts/setup-env.sh

compile-messages: env
	@$(DEV_ENV) $(MANAGE) compilemessages --ignore='.venv*' -v 0

dataset: env
	@$(DEV_ENV) $(MANAGE) migrate --noinput -v 0
	@$(DEV_ENV) $(MANAGE) load_dataset

run: compile-messages dataset
	$(DEV_ENV) $(MANAGE) runserver $(HOST):$(PORT)

test: compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The quick loop while coding: no browser, no servers, a tenth of the property examples, every core.
quick: compile-messages
	HYPOTHESIS_PROFILE=quick $(PY) -m pytest -n auto -m "not browser and not slow" $(PYTEST_ARGS)

browser-test: compile-messages
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

messages: env
	$(DEV_ENV) $(MANAGE) makemessages -l zh_Hans --no-location --ignore='.venv*' --ignore=staticfiles

lint: env
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: env
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Production stack: gunicorn + WhiteNoise on PostgreSQL with Redis (see README, Performance).
serve-prod:
	@scripts/serve-prod.sh

# Lighthouse scores of home, directory, city and spotlight pages in both languages (see README).
lighthouse: env
	$(PY) -m bench.lighthouse $(LIGHTHOUSE_ARGS)

# The benchmark: BENCH_ARGS="--sizes 98,1000,10000 --duration 10" (see README).
bench: env
	$(PY) -m bench $(BENCH_ARGS)

# The load test: 100 clients for 60 s while an editor publishes (docs/load-test.md).
load: env
	$(PY) -m bench.load $(LOAD_ARGS)

# The fleet test: two app servers behind nginx (deploy/nginx.conf), shared sessions, cache,
# replica and S3 media; one killed while pages are read. FLEET_ARGS="--keep" (docs/fleet-test.md).
fleet: env
	$(PY) -m bench.fleet $(FLEET_ARGS)
