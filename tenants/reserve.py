"""A reserve of spare schemas, so that a sign-up gets its shop at once.

`PROVISIONING_RESERVE` spare schemas are kept ready, made from the current
template. Provisioning claims one under a row lock (skipping those other
sign-ups hold) and renames it: no DDL but one statement. The reserve is
refilled after each claim, in the background; with an empty reserve,
provisioning replays the template recipe instead (see `schema_template`).
"""

import uuid

from django.conf import settings
from django.db import connection, transaction

from tenants.models import SpareSchema
from tenants.schema_template import create_schema_from_template, current_template


def claim_spare_schema(schema_name: str, fingerprint: str) -> bool:
    """Rename a spare schema to `schema_name`, inside the caller's transaction."""
    spare = (
        SpareSchema.objects.select_for_update(skip_locked=True)
        .filter(fingerprint=fingerprint)
        .order_by("id")
        .first()
    )
    if spare is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER SCHEMA "{spare.name}" RENAME TO "{schema_name}"')
    spare.delete()
    return True


def refill_reserve(target: int | None = None) -> int:
    """Drop stale spares and make new ones up to `target`; returns how many were made."""
    target = settings.PROVISIONING_RESERVE if target is None else target
    fingerprint = current_template().fingerprint
    for stale in SpareSchema.objects.exclude(fingerprint=fingerprint):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{stale.name}" CASCADE')
            stale.delete()
    made = 0
    while SpareSchema.objects.filter(fingerprint=fingerprint).count() < target:
        name = f"spare_{uuid.uuid4().hex[:16]}"
        with transaction.atomic():
            create_schema_from_template(name)
            SpareSchema.objects.create(name=name, fingerprint=fingerprint)
        made += 1
    return made
