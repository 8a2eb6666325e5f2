# The two commands: `make run` (the demo on http://127.0.0.1:8000, or `make run PORT=8100`)
# and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PORT ?= 8000
# Links in the demo's emails point at the port it runs on.
RUN_ENV := DEBUG=true REQUIRE_STAFF_MFA=false EMAIL_BACKEND=console SITE_URL=http://127.0.0.1:$(PORT)
# Web push needs a VAPID key pair: unless VAPID_PRIVATE_KEY is set, `make run` makes one for
# its run (expanded only by the recipe that uses it).
RUN_VAPID = $(if $(VAPID_PRIVATE_KEY),,$(shell DEBUG=true .venv/bin/python manage.py vapid_keys) \
	VAPID_SUBJECT=mailto:demo@localhost)
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-that-is-long-enough-for-django-checks \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver SITE_URL=http://testserver \
	SECURE_SSL_REDIRECT=false EMAIL_BACKEND=memory CELERY_TASK_EAGER_PROPAGATES=true
# Test processes (pytest-xdist): one a core, at most 4 (each has its own test database, Redis
# databases and Chromium). `--dist load` hands each process tests in pytest-django's order
# (database tests before the transactional ones, whose flush empties the tables the data
# migrations filled), and a file's tests in a row, so its shared fixtures are built once per
# process. `make test TEST_PROCESSES=0` runs everything in one process.
TEST_PROCESSES ?= auto
PYTEST_PARALLEL := --numprocesses $(TEST_PROCESSES) --maxprocesses 4 --dist load

# The interface's translations (locale/<language>/LC_MESSAGES/django.po), compiled for
# Django by Babel; `make messages` brings new strings into them (needs GNU gettext).
LOCALE_MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
I18N_LANGUAGES := pl ro pa ur bn

.PHONY: run test lint check-types worker beat clean messages api-schema

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po .venv/.synced
	.venv/bin/pybabel compile --domain django --input-file $< --output-file $@

messages: .venv/.synced
	DEBUG=true .venv/bin/python manage.py makemessages --no-obsolete \
		--add-location file $(addprefix -l ,$(I18N_LANGUAGES)) \
		--ignore .venv --ignore .tools --ignore tests --ignore demo --ignore bench --ignore var

run: .venv/.synced $(LOCALE_MO)
	$(RUN_ENV) .venv/bin/python manage.py migrate --no-input
	$(RUN_ENV) .venv/bin/python manage.py createcachetable
	$(RUN_ENV) .venv/bin/python manage.py seed_demo
	$(RUN_ENV) $(RUN_VAPID) .venv/bin/python manage.py runserver 127.0.0.1:$(PORT)

test: .venv/.synced $(LOCALE_MO)
	$(TEST_ENV) .venv/bin/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: .venv/.synced
	.venv/bin/ruff check .
	DEBUG=true .venv/bin/python manage.py makemigrations --check --dry-run

# The API's OpenAPI schema, committed (docs/api/openapi.json): run after changing an operation;
# tests/api/test_schema.py fails while the file differs from the code's schema.
api-schema: .venv/.synced
	DEBUG=true .venv/bin/python manage.py export_openapi_schema --api api.main.api \
		--indent 2 --sorted --output docs/api/openapi.json
	echo >> docs/api/openapi.json

# mypy with django-stubs over the whole project; its plugin loads preschool.settings.
check-types: .venv/.synced
	DEBUG=true .venv/bin/mypy .

# The production shape without Docker: a worker and beat against CELERY_BROKER_URL. The worker
# takes every queue; `make worker QUEUES=email,pdf` only those (settings.QUEUES).
QUEUES ?=
worker: .venv/.synced
	.venv/bin/celery -A preschool worker --loglevel=info $(if $(QUEUES),-Q $(QUEUES))

beat: .venv/.synced
	.venv/bin/celery -A preschool beat --loglevel=info

clean:
	rm -rf .venv .tools .mypy_cache locale/*/LC_MESSAGES/*.mo var db.sqlite3 db.sqlite3-wal db.sqlite3-shm .test-db.sqlite3*
