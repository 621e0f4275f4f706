"""Recurring work for every collective, spread over time, each in its own schema.

Celery beat sends one `fan_out` task per job (in the public schema); it
enqueues the job's task once per active collective, from inside that
collective's schema (tenant-schemas-celery records it in the message), with
a countdown spread evenly over `spread_seconds` plus a stable per-collective
offset, so a thousand collectives never hit the database in the same second.
One collective whose task cannot be sent (a broker hiccup) or, without a
broker, fails while running in-process, is logged and skipped: the others
still get theirs.
"""

import hashlib
import logging

from celery import shared_task
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.models import Collective

logger = logging.getLogger(__name__)


def stable_offset(schema_name: str, spread_seconds: int) -> int:
    """The same collective always lands at the same place in the window."""
    if spread_seconds <= 0:
        return 0
    digest = hashlib.sha256(schema_name.encode()).digest()
    return int.from_bytes(digest[:4], "big") % spread_seconds


def active_collectives():
    return (
        Collective.objects.filter(status=Collective.Status.ACTIVE)
        .exclude(schema_name="public")
        .order_by("id")
    )


@shared_task(ignore_result=True)
def fan_out(task_name: str, spread_seconds: int = 0, kwargs: dict | None = None) -> int:
    """Enqueue `task_name` once in each active collective; returns how many were sent."""
    from groupage.celery import app

    if task_name not in app.tasks:
        app.loader.import_default_modules()  # the apps' tasks modules, as a worker does
    task = app.tasks[task_name]
    count = 0
    for collective in active_collectives():
        try:
            with tenant_context(collective):
                task.apply_async(
                    kwargs=kwargs or {},
                    countdown=stable_offset(collective.schema_name, spread_seconds),
                )
        except Exception:
            logger.exception("%s failed for collective %s", task_name, collective.schema_name)
            continue
        count += 1
    connection.set_schema_to_public()
    return count
