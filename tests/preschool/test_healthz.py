import json

from django.urls import reverse


def test_it_reports_the_database_and_in_process_tasks(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok", "database": "ok", "broker": "not configured: tasks run in-process"}


def test_it_reports_an_unreachable_broker(db, client, settings):
    from preschool.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["broker"] == "unavailable" and body["database"] == "ok"
