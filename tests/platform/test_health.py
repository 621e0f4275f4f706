"""`/healthz` reports database and broker reachability."""

from django.test import override_settings


def test_healthz_is_ok_with_database_and_in_process_tasks(platform_client):
    response = platform_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["mode"] == "in-process"


def test_healthz_reports_the_collective_schema(panier_client):
    assert panier_client.get("/healthz").json()["schema"] == "panier_des_pres"


def test_healthz_fails_when_the_broker_is_unreachable(platform_client):
    from groupage.celery import app

    with override_settings(BROKER_URL="redis://127.0.0.1:1/0"):
        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            response = platform_client.get("/healthz")
        finally:
            app.conf.broker_url = "memory://"
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
