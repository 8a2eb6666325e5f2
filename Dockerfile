# The portal's production image: gunicorn serving Django, the same image runs the Celery
# worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    PATH="/app/.venv/bin:$PATH"

# WeasyPrint needs Pango; the rest of the stack is pure Python wheels.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
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
