"""`/healthz`: is the database reachable, is the broker reachable."""

import platform
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as error:  # reported, not raised: this page must answer
        return {"ok": False, "error": error.__class__.__name__}


def _check_broker() -> dict:
    if not settings.BROKER_URL:
        return {"ok": True, "mode": "in-process"}
    from groupage.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker"}
    except Exception as error:
        return {"ok": False, "mode": "broker", "error": error.__class__.__name__}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(check["ok"] for check in checks.values())
    body = {
        "status": "ok" if healthy else "failing",
        "checks": checks,
        "schema": getattr(connection, "schema_name", "public"),
        # Proves the standard library's `platform` is not shadowed by our folder.
        "system": platform.system(),
    }
    return JsonResponse(body, status=200 if healthy else 503)
