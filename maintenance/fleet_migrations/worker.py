"""Migrating one schema. Runs in a worker process with its own connection.

Every outcome is returned, never raised: one schema's failure must not stop
the worker or the run.
"""

import time
import traceback
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction

from maintenance.fleet_migrations.detect import tenant_labels
from maintenance.fleet_migrations.planning import SchemaPlan
from tenants.models import Collective

# A schema whose tables are locked by long transactions fails (and is retried
# by the next run) rather than stalling its worker.
LOCK_TIMEOUT = "10s"
_SET_FINGERPRINT = 'UPDATE public."{table}" SET migration_fingerprint = %s WHERE id = %s'


@dataclass(frozen=True)
class Job:
    item_id: int
    collective_id: int
    schema_name: str
    target: str
    plan: SchemaPlan | None  # None: no plan fits, use Django's executor


@dataclass(frozen=True)
class Outcome:
    item_id: int
    ok: bool
    method: str
    seconds: float
    error: str = ""


class StateChanged(Exception):
    """The schema's applied migrations are not those the plan was made for."""


def migrate_schema(job: Job) -> Outcome:
    started = time.perf_counter()
    method = "sql" if job.plan is not None and job.plan.replayable else "executor"
    try:
        if method == "sql":
            try:
                _replay(job)
            except StateChanged:
                method = "executor"
                _execute(job)
        else:
            _execute(job)
    except Exception as error:  # recorded for this schema; the others go on
        connection.close_if_unusable_or_obsolete()
        return Outcome(job.item_id, False, method, time.perf_counter() - started, _describe(error))
    finally:
        connection.set_schema_to_public()
    return Outcome(job.item_id, True, method, time.perf_counter() - started)


def _replay(job: Job) -> None:
    """The plan's SQL, its migration records and the new fingerprint: all or nothing."""
    plan = job.plan
    connection.set_schema(job.schema_name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        cursor.execute(
            "SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '')) "
            "FROM django_migrations WHERE app = ANY(%s)",
            [tenant_labels()],
        )
        if cursor.fetchone()[0] != plan.state_hash:
            raise StateChanged
        if plan.statements:
            cursor.execute(plan.statements)
        if plan.records:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "SELECT r.app, r.name, now() FROM unnest(%s::text[], %s::text[]) AS r(app, name) "
                "WHERE NOT EXISTS (SELECT 1 FROM django_migrations m "
                "WHERE m.app = r.app AND m.name = r.name)",
                [[a for a, _n in plan.records], [n for _a, n in plan.records]],
            )
        if plan.post_migrate:
            from django.core.management.sql import emit_post_migrate_signal

            emit_post_migrate_signal(0, False, connection.alias)
        _record_fingerprint(cursor, job)


def _execute(job: Job) -> None:
    """Django's own executor in this schema (each migration atomic), then the fingerprint."""
    call_command(
        "migrate_schemas", schema_name=job.schema_name, tenant=True, interactive=False, verbosity=0
    )
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        _record_fingerprint(cursor, job)


def _record_fingerprint(cursor, job: Job) -> None:
    cursor.execute(
        _SET_FINGERPRINT.format(table=Collective._meta.db_table), [job.target, job.collective_id]
    )


def _describe(error: Exception) -> str:
    lines = traceback.format_exception_only(type(error), error)
    return "".join(lines).strip()[:2000]
