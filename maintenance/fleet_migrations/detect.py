"""Which schemas are behind, without Django's migration planner."""

import hashlib
import importlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from tenants import schema_template
from tenants.models import Collective

# How many schemas one batched catalogue query reads.
BATCH = 400
# Per schema: its name and a hash of its applied tenant-app migrations.
_STATE_HASH = (
    "SELECT %s, (SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), ''))"
    " FROM {schema}.django_migrations WHERE app = ANY(%s))"
)
# Per schema: its name and how many of the expected migrations it has.
_PRESENT_COUNT = (
    "SELECT %s, (SELECT count(DISTINCT m.app || '.' || m.name) FROM {schema}.django_migrations m"
    " JOIN expected e ON e.key = m.app || '.' || m.name)"
)


def target_fingerprint() -> str:
    """The fingerprint of the tenant migrations on disk (what every schema should have)."""
    return schema_template.migrations_fingerprint()


@cache
def shared_fingerprint() -> str:
    """A hash of the migration files of the shared (public schema) apps."""
    digest = hashlib.sha256()
    for name in settings.SHARED_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == name)
        try:
            module = importlib.import_module(f"{config.module.__name__}.migrations")
        except ModuleNotFoundError:
            continue
        folder = Path(module.__file__).parent
        for path in sorted(folder.glob("[0-9]*.py")):
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def behind_collectives(collectives: QuerySet | None = None) -> QuerySet:
    """Collectives whose schema lacks some tenant migration: one indexed query."""
    queryset = Collective.objects.all() if collectives is None else collectives
    return queryset.exclude(schema_name="public").exclude(
        migration_fingerprint=target_fingerprint()
    )


def tenant_labels() -> list[str]:
    return schema_template.tenant_app_labels()


def existing_schemas(names: Iterable[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(names)])
        return {row[0] for row in cursor.fetchall()}


def applied_state_hashes(schemas: list[str]) -> dict[str, str]:
    """For each schema, a hash of the tenant-app migrations it has applied.

    Schemas with the same hash have the same tables, so one migration plan
    fits them all. Reads every schema's `django_migrations` in batched queries.
    """
    labels = tenant_labels()
    result: dict[str, str] = {}
    for start in range(0, len(schemas), BATCH):
        chunk = schemas[start : start + BATCH]
        parts = [_STATE_HASH.format(schema=_quote(s)) for s in chunk]
        params: list = []
        for s in chunk:
            params += [s, labels]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            result.update(dict(cursor.fetchall()))
    return result


def expected_migrations() -> list[str]:
    """Every tenant-app migration of the graph, as "app.name"."""
    from django.db.migrations.loader import MigrationLoader

    labels = set(tenant_labels())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes if app in labels)


def schemas_missing_migrations(schemas: list[str]) -> dict[str, int]:
    """Schemas lacking some expected tenant migration, with how many they lack.

    Full check of `django_migrations` of each schema against the graph, in
    batched queries (no planner): used by `migrate_fleet --verify`.
    """
    expected = expected_migrations()
    missing: dict[str, int] = {}
    for start in range(0, len(schemas), BATCH):
        chunk = schemas[start : start + BATCH]
        parts = [_PRESENT_COUNT.format(schema=_quote(s)) for s in chunk]
        sql = "WITH expected AS (SELECT unnest(%s::text[]) AS key) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, [expected, *chunk])
            for schema, present in cursor.fetchall():
                if present < len(expected):
                    missing[schema] = len(expected) - present
    return missing


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected schema name {name!r}")
    return f'"{name}"'
