"""Fast creation of collective schemas from a template.

Running every migration for each new collective takes many seconds, and
django-tenants' generic `clone_schema` SQL function about two. We migrate a
template schema once per set of migrations, dump it with `pg_dump` into a SQL
recipe stored in the public schema, and create each new collective by
replaying that recipe under the new schema's name: one round trip, well under
a second, inside the caller's transaction (so a failure leaves nothing).

The template is rebuilt whenever the tenant migrations on disk change (their
fingerprint differs from the stored recipe's), so a clone is never stale.
"""

import hashlib
import importlib
import logging
import os
import re
import subprocess
import time
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import SchemaTemplate

logger = logging.getLogger(__name__)

# Serialises template rebuilds across processes (pg_advisory_xact_lock key).
TEMPLATE_LOCK_KEY = 7_200_001


def tenant_app_labels() -> list[str]:
    labels = []
    for name in settings.TENANT_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == name)
        labels.append(config.label)
    return labels


@cache
def migrations_fingerprint() -> str:
    """A hash of every tenant migration file's name and content.

    Cheap (no migration loader): reads the files of each tenant app's
    `migrations` package. Two processes running the same code agree on it.
    """
    digest = hashlib.sha256()
    for name in settings.TENANT_APPS:
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


def current_template() -> SchemaTemplate:
    """The recipe for the current migrations, building it first if needed."""
    fingerprint = migrations_fingerprint()
    template = SchemaTemplate.objects.filter(fingerprint=fingerprint).first()
    if template is not None:
        return template
    return rebuild_template()


def rebuild_template() -> SchemaTemplate:
    """Migrate the template schema and store its recipe.

    Runs outside any transaction: `pg_dump` reads the template from another
    session, so the migrations must be committed. A session-level advisory
    lock makes concurrent callers wait for one build.
    """
    if connection.in_atomic_block:
        raise RuntimeError("The template schema must be rebuilt outside a transaction.")
    fingerprint = migrations_fingerprint()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK_KEY])
    try:
        template = SchemaTemplate.objects.filter(fingerprint=fingerprint).first()
        if template is not None:  # built by another process while we waited
            return template
        started = time.perf_counter()
        recipe = _migrate_and_dump_template()
        template = SchemaTemplate.objects.create(
            fingerprint=fingerprint,
            recipe=recipe,
            build_seconds=time.perf_counter() - started,
        )
        SchemaTemplate.objects.exclude(pk=template.pk).delete()
        logger.info("Template schema rebuilt in %.1f s", template.build_seconds)
        return template
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [TEMPLATE_LOCK_KEY])


def _migrate_and_dump_template() -> str:
    name = settings.TEMPLATE_SCHEMA_NAME
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return _dump_schema(name)


def _dump_schema(name: str) -> str:
    db = connection.settings_dict
    args = [
        _bundled_pg_dump(),
        "--schema",
        name,
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        "--inserts",
        "--rows-per-insert=500",
        "--dbname",
        db["NAME"],
        "--username",
        db.get("USER") or "postgres",
    ]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"pg_dump of the template schema failed: {result.stderr.strip()}")
    return _recipe_from_dump(result.stdout, name)


def _bundled_pg_dump() -> str:
    """pgserver's pg_dump (PostgreSQL 16) also dumps older servers, unlike the system's."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / "pg_dump")


_ROUTINE = re.compile(r"^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE) ", re.MULTILINE)
_SKIPPED_LINE = re.compile(r"^(SET |SELECT pg_catalog\.set_config|--|\\)")


def _recipe_from_dump(dump: str, template_name: str) -> str:
    """Keep the DDL and rows; drop session settings, comments and the schema creation.

    A line is dropped only outside string literals: a row's text may hold a
    line starting with "--" or "SET ". pg_dump writes standard-conforming
    strings (a quote inside is doubled, no E'' strings), so an odd count of
    quotes on a kept line opens or closes a literal; Django's migrations
    create no functions (checked), whose dollar-quoted bodies would not count.
    """
    if _ROUTINE.search(dump):
        # A dollar-quoted body would defeat the quote count below.
        raise RuntimeError("The template dump defines a function: teach the recipe filter")
    kept, in_string = [], False
    for line in dump.splitlines():
        if not in_string and (
            not line.strip() or _SKIPPED_LINE.match(line) or line.startswith("CREATE SCHEMA ")
        ):
            continue
        kept.append(line)
        if line.count("'") % 2:
            in_string = not in_string
    body = "\n".join(kept)
    return body.replace(f"{template_name}.", "__SCHEMA__.").replace(
        f"'{template_name}'", "'__SCHEMA__'"
    )


def create_schema_from_template(schema_name: str) -> None:
    """Create `schema_name` as a copy of the template, in the current transaction."""
    template = current_template()
    sql = template.recipe.replace("__SCHEMA__", schema_name)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        cursor.execute(sql)
    connection.set_schema_to_public()


def drop_template_schema() -> None:
    name = settings.TEMPLATE_SCHEMA_NAME
    if schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
