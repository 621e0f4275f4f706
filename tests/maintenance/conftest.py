"""Committed throwaway collectives, for fleet operations that run in other processes."""

import uuid

import pytest
from django.db import connection

from tenants.models import Collective
from tenants.services import CollectiveDetails, collective_provision


def drop_collective(collective: Collective) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
    Collective.objects.filter(pk=collective.pk).delete()


@pytest.fixture
def committed_collectives(django_db_setup, django_db_blocker):
    """`make(n)` provisions n committed collectives; all are dropped afterwards."""
    made: list[Collective] = []

    def make(count: int, prefix: str = "fleet") -> list[Collective]:
        batch = [
            collective_provision(
                details=CollectiveDetails(
                    name=f"Fleet {i}", slug=f"{prefix}-{uuid.uuid4().hex[:8]}"
                )
            )
            for i in range(count)
        ]
        made.extend(batch)
        return batch

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            from maintenance.models import FleetMigrationRun

            FleetMigrationRun.objects.filter(items__collective__in=made).delete()
            for collective in made:
                drop_collective(collective)
