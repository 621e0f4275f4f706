"""Recurring and background work of the staff console (see groupage/beat.py)."""

from celery import shared_task
from django.db import connection


@shared_task(ignore_result=True)
def refresh_collective_stats() -> None:
    """Fanned out: runs in one collective's schema."""
    from maintenance.stats import collective_stats_refresh

    collective = connection.tenant
    connection.set_schema_to_public()
    collective_stats_refresh(collective=collective)


@shared_task(ignore_result=True)
def backup_collective() -> None:
    """Fanned out nightly: an export of one collective (SQL dump, media, readable data)."""
    from maintenance.exports import collective_export, exports_prune

    collective = connection.tenant
    connection.set_schema_to_public()
    collective_export(collective=collective, by="platform", reason="nightly")
    exports_prune(collective=collective)


@shared_task(ignore_result=True)
def expire_support_grants() -> int:
    from maintenance.support import support_grants_expire

    return support_grants_expire()


@shared_task(ignore_result=True)
def purge_closed_collectives() -> list[str]:
    from maintenance.operations import collectives_purge_closed

    return collectives_purge_closed()


@shared_task(ignore_result=True)
def run_fleet_migration(by: str) -> int:
    from maintenance.fleet_migrations import fleet_migrate

    return fleet_migrate(by=by).pk


@shared_task(ignore_result=True)
def export_collective(collective_id: int, by: str) -> None:
    from maintenance.exports import collective_export
    from tenants.models import Collective

    collective_export(collective=Collective.objects.get(pk=collective_id), by=by)
