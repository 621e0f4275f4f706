"""A tenant migration that exists only for a while: to rehearse and measure fleet migrations.

The app's migration files are copied into a throwaway package, one more
migration is written after them, and Django is pointed at that package
(`MIGRATION_MODULES`) with a fingerprint of its own. Nothing on disk in the
project changes; forked workers inherit all of it.
"""

import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.apps import apps
from django.test.utils import override_settings

from tenants import schema_template

APP_LABEL = "onboarding"

ADD_COLUMN = """
        migrations.AddField(
            model_name="paymentmodes",
            name="rehearsal_note",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
"""


@contextmanager
def extra_tenant_migration(operations: str = ADD_COLUMN, preamble: str = "") -> Iterator[str]:
    """Yield the name of the extra migration while it is part of the tenant migrations."""
    config = apps.get_app_config(APP_LABEL)
    source = Path(config.path) / "migrations"
    root = Path(tempfile.mkdtemp(prefix="rehearsal-"))
    package = f"rehearsal_{uuid.uuid4().hex[:8]}"
    target = root / package
    target.mkdir()
    names = sorted(p.stem for p in source.glob("[0-9]*.py"))
    for path in source.glob("*.py"):
        shutil.copy(path, target / path.name)
    number = int(names[-1][:4]) + 1
    name = f"{number:04d}_rehearsal"
    (target / f"{name}.py").write_text(
        "from django.db import migrations, models\n"
        f"{preamble}\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = [({APP_LABEL!r}, {names[-1]!r})]\n"
        f"    operations = [{operations}    ]\n"
    )
    fingerprint = f"rehearsal-{uuid.uuid4().hex}"
    sys.path.insert(0, str(root))
    try:
        with (
            override_settings(MIGRATION_MODULES={APP_LABEL: package}),
            mock.patch.object(schema_template, "migrations_fingerprint", lambda: fingerprint),
        ):
            yield name
    finally:
        sys.path.remove(str(root))
        for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[module]
        shutil.rmtree(root, ignore_errors=True)


def undo_sql(name: str, column: str = "rehearsal_note") -> str:
    """SQL that takes the default rehearsal migration out of a schema again."""
    drop = f"ALTER TABLE onboarding_paymentmodes DROP COLUMN IF EXISTS {column};"
    forget = "DELETE FROM django_migrations WHERE app = '{app}' AND name = '{name}';"
    return drop + forget.format(app=APP_LABEL, name=name)
