# The portal's production image: gunicorn serving Django, the same image runs the Celery
# worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    PATH="/app/.venv/bin:$PATH"

# WeasyPrint needs Pango; `manage.py backup` and `restore` need pg_dump and pg_restore of the
# database server's major version or newer (docker-compose.yml runs PostgreSQL 16; Debian 12
# ships 15, so they come from the PostgreSQL project's own Debian repository). The rest of the
# stack is pure Python wheels.
ARG POSTGRESQL_CLIENT=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-${POSTGRESQL_CLIENT} \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv \
 && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DEBUG=true .venv/bin/python manage.py collectstatic --no-input \
 && .venv/bin/pybabel compile --domain django --directory locale \
 && mkdir -p /app/var/media && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
# Port, workers and which proxies may say a request came over HTTPS: gunicorn.conf.py.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "preschool.wsgi"]
