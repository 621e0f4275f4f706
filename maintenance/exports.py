"""Everything of one collective in one archive, and a collective back from one.

An export (`<slug>-<time>.tar.gz` in EXPORT_ROOT) holds:
- `schema.sql`: `pg_dump` of the collective's schema (tables, rows, sequences);
- `media/`: its uploaded files (MEDIA_ROOT/<schema>);
- `data/*.csv`: its tables, readable in a spreadsheet (password hashes and
  sessions left out);
- `manifest.json`: the collective's identity and migration fingerprint.
The SQL dump and the CSV files are read from one snapshot, so they agree.

A restore replays `schema.sql` into a new schema (the dump's schema name
rewritten in its statements; rows streamed through COPY untouched), creates
the collective (suspended, to be looked at first) and its domain, in one
transaction, then puts the media files in place.
"""

import io
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.audit import audit
from maintenance.models import CollectiveExport
from maintenance.operations import media_folder
from tenants.models import Collective, Domain
from tenants.schema_template import _bundled_pg_dump, tenant_app_labels
from tenants.services import primary_host_for
from tenants.slugs import schema_name_for

logger = logging.getLogger(__name__)

FORMAT = 1
# Tables left out of the readable export: secrets, sessions, framework bookkeeping.
UNREADABLE_TABLES = {
    "django_session",
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "accounts_user_user_permissions",
    "mfa_authenticator",
    "account_emailconfirmation",
}
SECRET_COLUMNS = {"accounts_user": {"password"}}
_CSV_COPY = "COPY (SELECT {columns} FROM {source} ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER)"
IDENTITY_FIELDS = (
    "name",
    "territory",
    "time_zone",
    "contact_email",
    "contact_phone",
    "legal_name",
    "legal_form",
    "siret",
    "vat_number",
    "address",
)


def export_root() -> Path:
    return Path(getattr(settings, "EXPORT_ROOT", "") or Path(settings.DATA_DIR) / "exports")


def collective_export(
    *, collective: Collective, by: str, reason: str = "manual"
) -> CollectiveExport:
    """Write the archive; runs outside any transaction (pg_dump reads committed data)."""
    if connection.in_atomic_block:
        raise RuntimeError("A collective is exported outside any transaction.")
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    target = root / f"{collective.slug}-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="export-") as scratch:
        folder = Path(scratch)
        counts = _dump_snapshot(collective, folder)
        manifest = {
            "format": FORMAT,
            "slug": collective.slug,
            "schema_name": collective.schema_name,
            "migration_fingerprint": collective.migration_fingerprint,
            "exported_at": timezone.now().isoformat(),
            "identity": {f: getattr(collective, f) for f in IDENTITY_FIELDS},
            "rows": counts,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        (folder / "README.txt").write_text(_README)
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name in ("manifest.json", "README.txt", "schema.sql", "data"):
                archive.add(folder / name, arcname=name)
            media = media_folder(collective.schema_name)
            if media.is_dir():
                archive.add(media, arcname="media")
        os.replace(partial, target)
    export = CollectiveExport.objects.create(
        collective=collective,
        slug=collective.slug,
        schema_name=collective.schema_name,
        path=str(target),
        size_bytes=target.stat().st_size,
        reason=reason,
        by=by,
    )
    audit(actor=by, action="export", collective=collective, reason=reason, file=target.name)
    logger.info("Collective %s exported to %s", collective.slug, target)
    return export


def _dump_snapshot(collective: Collective, folder: Path) -> dict[str, int]:
    """pg_dump and the CSV files read the same snapshot (exported from our transaction)."""
    connection.set_schema_to_public()
    counts: dict[str, int] = {}
    (folder / "data").mkdir()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _pg_dump(collective.schema_name, snapshot, folder / "schema.sql")
        for table in _tables(cursor, collective.schema_name):
            if table in UNREADABLE_TABLES:
                continue
            columns = _columns(cursor, collective.schema_name, table) - SECRET_COLUMNS.get(
                table, set()
            )
            selected = ", ".join(f'"{c}"' for c in sorted(columns))
            buffer = io.StringIO()
            source = f'"{collective.schema_name}"."{table}"'
            cursor.copy_expert(_CSV_COPY.format(columns=selected, source=source), buffer)
            text = buffer.getvalue()
            (folder / "data" / f"{table}.csv").write_text(text, encoding="utf-8")
            counts[table] = max(text.count("\n") - 1, 0)
    return counts


def _pg_dump(schema: str, snapshot: str, target: Path) -> None:
    db = connection.settings_dict
    args = [
        _bundled_pg_dump(),
        "--schema",
        schema,
        "--snapshot",
        snapshot,
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        "--lock-wait-timeout=30s",
        "--file",
        str(target),
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
        raise RuntimeError(f"pg_dump of {schema} failed: {result.stderr.strip()}")


def _tables(cursor, schema: str) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
    )
    return [row[0] for row in cursor.fetchall()]


def _columns(cursor, schema: str, table: str) -> set[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        [schema, table],
    )
    return {row[0] for row in cursor.fetchall()}


# --- Restore -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of the dump: statements to run, or the rows of one COPY."""

    sql: str
    rows: str | None = None


_SKIPPED = re.compile(r"^(SET |SELECT pg_catalog\.set_config|--|\\)")


def dump_segments(dump: str, old: str, new: str) -> Iterator[Segment]:
    """Statements with the schema renamed; COPY rows passed through as they are.

    Rows are never rewritten: in COPY text format one row is one line and
    `\\.` ends the block, so data that mentions the schema's name is safe.
    """
    qualified = re.compile(rf'(?<![\w."]){re.escape(old)}\.|"{re.escape(old)}"\.')
    statements: list[str] = []
    lines = iter(dump.splitlines())
    for line in lines:
        if line.startswith("COPY "):
            if statements:
                yield Segment("\n".join(statements))
                statements = []
            rows = []
            for row in lines:
                if row == "\\.":
                    break
                rows.append(row)
            yield Segment(
                qualified.sub(f'"{new}".', line), "\n".join(rows) + ("\n" if rows else "")
            )
        elif not line.strip() or _SKIPPED.match(line) or line.startswith("CREATE SCHEMA "):
            continue
        else:
            statements.append(qualified.sub(f'"{new}".', line))
    if statements:
        yield Segment("\n".join(statements))


def collective_restore(
    *, archive_path: str | Path, slug: str, by: str, name: str = ""
) -> Collective:
    """A new collective, suspended, from an export; the original is left untouched."""
    from public_site.signup import slug_availability

    slug = slug.strip().lower()
    try:
        slug_availability(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from None
    with tempfile.TemporaryDirectory(prefix="restore-") as scratch:
        folder = Path(scratch)
        try:
            _safe_extract(Path(archive_path), folder)
            manifest = json.loads((folder / "manifest.json").read_text())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("not our format")
            for key in ("identity", "schema_name", "slug", "exported_at"):
                manifest[key]  # a KeyError says the file is not ours
            dump = (folder / "schema.sql").read_text()
        except (tarfile.TarError, OSError, EOFError, ValueError, KeyError) as error:
            raise ValidationError(_("This archive is not a collective export.")) from error
        schema = schema_name_for(slug)
        identity = {f: manifest["identity"].get(f, "") for f in IDENTITY_FIELDS}
        if name.strip():
            identity["name"] = name.strip()
        with transaction.atomic():
            connection.set_schema_to_public()
            collective = Collective.objects.create(
                schema_name=schema,
                slug=slug,
                status=Collective.Status.SUSPENDED,
                status_changed_at=timezone.now(),
                migration_fingerprint=manifest.get("migration_fingerprint", ""),
                **identity,
            )
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{schema}"')
                for segment in dump_segments(dump, manifest["schema_name"], schema):
                    if segment.rows is None:
                        cursor.execute(segment.sql)
                    else:
                        cursor.copy_expert(segment.sql, io.StringIO(segment.rows))
            connection.set_schema_to_public()
            Domain.objects.create(domain=primary_host_for(slug), tenant=collective, is_primary=True)
            audit(
                actor=by,
                action="restore",
                collective=collective,
                source=manifest["slug"],
                exported_at=manifest["exported_at"],
            )
        if (folder / "media").is_dir():
            target = media_folder(schema)
            shutil.copytree(folder / "media", target, dirs_exist_ok=True)
    logger.info("Collective %s restored from %s", slug, archive_path)
    return collective


def _safe_extract(archive: Path, folder: Path) -> None:
    """Extract without letting a crafted archive write outside `folder`."""
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(folder, filter="data")


def tenant_tables() -> list[str]:
    """Tables of the collectives' apps (for comparisons and checks)."""
    labels = set(tenant_app_labels())
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels and model._meta.managed
    )


_README = """Export of a collective on Groupage.

schema.sql     the collective's database schema and rows (PostgreSQL, pg_dump)
data/*.csv     the same rows, one file per table, readable in a spreadsheet
               (password hashes and sessions left out)
media/         the files the collective uploaded (logos, photos)
manifest.json  the collective's identity and the date of the export
"""


NIGHTLY_KEPT = 7


def exports_prune(*, collective: Collective, keep: int = NIGHTLY_KEPT) -> int:
    """Keep the last `keep` nightly exports of a collective; returns how many were removed."""
    old = list(
        CollectiveExport.objects.filter(collective=collective, reason="nightly").order_by(
            "-created_at"
        )[keep:]
    )
    for export in old:
        Path(export.path).unlink(missing_ok=True)
        export.delete()
    return len(old)
