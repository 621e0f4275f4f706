"""Many collectives at once, for measuring fleet operations (never in production data).

Their slugs start with `fleet-bench-`, their schemas with `fleet_bench_`, so
that `drop_bench_collectives` finds them all, even half-made ones.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from maintenance.processes import fork_pool
from tenants.models import Collective, Domain
from tenants.schema_template import current_template
from tenants.slugs import schema_name_for

PREFIX = "fleet-bench-"
SCHEMA_PREFIX = schema_name_for(PREFIX)
# Schemas made per transaction by one worker.
BATCH = 10


def bench_collectives_create(
    total: int, *, workers: int = 2, log: Callable[[str], None] = print
) -> int:
    """Make sure `total` bench collectives exist; returns how many were made.

    Schemas are replayed from the template recipe (no migration runs) by
    worker processes, ten per transaction; the collectives' rows and domains
    are then inserted in bulk.
    """
    template = current_template()
    existing = set(
        Collective.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)
    )
    slugs = [s for s in (f"{PREFIX}{n:05d}" for n in range(1, total + 1)) if s not in existing]
    if not slugs:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)",
            [[schema_name_for(s) for s in slugs]],
        )
        half_made = [row[0] for row in cursor.fetchall()]
    _drop_schemas(half_made, workers)
    batches = [
        [schema_name_for(s) for s in slugs[i : i + BATCH]] for i in range(0, len(slugs), BATCH)
    ]
    done = 0
    with fork_pool(workers) as pool:
        for made in pool.map(_create_schemas, [(b, template.recipe) for b in batches]):
            done += made
            if done % 100 < BATCH:
                log(f"{done}/{len(slugs)} schemas")
    now = timezone.now()
    with transaction.atomic():
        collectives = Collective.objects.bulk_create(
            Collective(
                schema_name=schema_name_for(slug),
                slug=slug,
                name=f"Bench {slug[len(PREFIX) :]}",
                territory="Benchmark",
                status=Collective.Status.ACTIVE,
                status_changed_at=now,
                migration_fingerprint=template.fingerprint,
            )
            for slug in slugs
        )
        Domain.objects.bulk_create(
            Domain(domain=f"{c.slug}.{settings.PLATFORM_DOMAIN}", tenant=c, is_primary=True)
            for c in collectives
        )
    return len(slugs)


def bench_collectives_drop(*, workers: int = 2) -> int:
    """Drop every bench collective, its schema and its rows; returns how many schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [SCHEMA_PREFIX + "%"]
        )
        schemas = [row[0] for row in cursor.fetchall()]
    Collective.objects.filter(slug__startswith=PREFIX).delete()
    _drop_schemas(schemas, workers)
    return len(schemas)


def _drop_schemas(schemas: list[str], workers: int) -> None:
    if not schemas:
        return
    batches = [schemas[i : i + BATCH] for i in range(0, len(schemas), BATCH)]
    with fork_pool(workers) as pool:
        list(pool.map(_drop_batch, batches))


def _create_schemas(job: tuple[list[str], str]) -> int:
    schemas, recipe = job
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        for name in schemas:
            _check(name)
            cursor.execute(f'CREATE SCHEMA "{name}"; ' + recipe.replace("__SCHEMA__", name))
    connection.set_schema_to_public()
    return len(schemas)


def _drop_batch(schemas: list[str]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for name in schemas:
            _check(name)
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _check(name: str) -> None:
    if not name.startswith(SCHEMA_PREFIX) or not name.replace("_", "").isalnum():
        raise ValueError(f"{name!r} is not a bench schema")
