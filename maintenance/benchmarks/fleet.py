"""Fleet migrations over many collectives, against django-tenants' own executor.

What is measured, in one run, on the same bench collectives (`fleet-bench-…`,
made from the template recipe by `create_bench_collectives`, dropped at the
end unless FLEET_BENCH_KEEP=1):

1. No-op check: `manage.py migrate_fleet` in a subprocess (Django start-up
   included) when nothing is behind — shared schema, template and every
   collective checked. Baseline: django-tenants' `migrate_schemas` stock
   (standard) executor over the same schemas, in-process (start-up not
   counted), on all of them in quick mode, on a subset extrapolated
   linearly in full mode (the row name says so).
2. The same no-op check with `--verify` (every schema's migration records read).
3. A small additive migration (`AddField`, one nullable-default column on
   one table: `ALTER TABLE … ADD COLUMN`) applied to every bench collective
   by `fleet_migrate` in-process with 2 workers; baseline: the same migration
   through django-tenants' standard executor on a subset, extrapolated. The
   migration is a rehearsal one (see `maintenance.fleet_migrations.rehearsal`)
   and is undone afterwards.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from maintenance.bench_fleet import PREFIX, bench_collectives_create, bench_collectives_drop
from maintenance.benchmarks import Result, benchmark
from maintenance.fleet_migrations import fleet_migrate
from maintenance.fleet_migrations.rehearsal import extra_tenant_migration, undo_sql
from maintenance.models import FleetMigrationRun
from maintenance.processes import fork_pool
from tenants.models import Collective
from tenants.schema_template import current_template

WORKERS = 2


@benchmark("fleet")
def fleet(quick: bool = False) -> list[Result]:
    count, subset = (50, 50) if quick else (1000, 100)
    current_template()
    started = time.perf_counter()
    made = bench_collectives_create(count, workers=WORKERS, log=lambda line: None)
    creation = time.perf_counter() - started
    try:
        started = time.perf_counter()
        catch_up = fleet_migrate(workers=WORKERS, by="bench", log=lambda line: None)
        catch_up_seconds = time.perf_counter() - started
        catch_up_count = catch_up.items.filter(status="done").count()
        schemas = list(
            Collective.objects.filter(slug__startswith=PREFIX)
            .order_by("slug")
            .values_list("schema_name", flat=True)
        )[:count]
        total = Collective.objects.exclude(schema_name="public").count()
        scale = f" ×{count / subset:g} (measured on {subset})" if subset < count else ""
        noop = [_migrate_fleet_command() for _ in range(3)]
        verify = [_migrate_fleet_command("--verify") for _ in range(3)]
        stock_noop = _stock_executor(["public", *schemas[:subset]]) * count / subset
        additive, stock_additive = _additive_migration(schemas, subset)
    finally:
        FleetMigrationRun.objects.filter(started_by="bench").delete()
        if not os.environ.get("FLEET_BENCH_KEEP"):
            bench_collectives_drop(workers=WORKERS)
    base = f"django-tenants migrate_schemas, standard executor{scale}"
    rows = [
        Result(
            f"no-op fleet migration check, {total} collectives",
            "s",
            noop,
            base,
            [stock_noop],
            "< 10 s",
        ),
        Result(
            f"no-op check with --verify (records of {total} schemas read)",
            "s",
            verify,
            base,
            [stock_noop],
            "< 10 s",
        ),
        Result(
            f"additive migration (ADD COLUMN) applied to {count} collectives, {WORKERS} workers",
            "s",
            [additive],
            f"same migration, django-tenants standard executor{scale}",
            [stock_additive],
            "< 120 s",
        ),
    ]
    if made:
        rows.append(Result(f"create {made} bench collectives (template recipe)", "s", [creation]))
    if catch_up_count:
        rows.append(
            Result(
                f"migrations pending in the code applied to {catch_up_count} collectives "
                f"(incl. template rebuild {catch_up.template_seconds:.0f} s)",
                "s",
                [catch_up_seconds],
            )
        )
    return rows


def _migrate_fleet_command(*extra: str) -> float:
    """Wall time of the real command, Django start-up included."""
    base = Path(settings.BASE_DIR)
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(base / "manage.py"), "migrate_fleet", "--by", "bench", *extra],
        capture_output=True,
        text=True,
        check=False,
        cwd=base,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"migrate_fleet failed: {result.stderr[-2000:]}")
    return seconds


def _stock_executor(schemas: list[str]) -> float:
    """django-tenants' `migrate_schemas` path for these schemas, as the command runs it."""
    from django_tenants.management.commands.migrate_schemas import Command
    from django_tenants.migration_executors import get_executor

    command = Command()
    parser = command.create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--noinput", "--verbosity", "0"]))
    executor = get_executor(codename="standard")([], options)
    started = time.perf_counter()
    executor.run_migrations(tenants=list(schemas))
    seconds = time.perf_counter() - started
    connection.set_schema_to_public()
    return seconds


def _additive_migration(schemas: list[str], subset: int) -> tuple[float, float]:
    bench = Collective.objects.filter(slug__startswith=PREFIX)
    fingerprint = current_template().fingerprint
    with extra_tenant_migration() as name:
        stock = _stock_executor(schemas[:subset]) * len(schemas) / subset
        _run_everywhere(schemas[:subset], undo_sql(name))
        started = time.perf_counter()
        run = fleet_migrate(
            collectives=bench,
            workers=WORKERS,
            migrate_shared=False,
            refresh_template=False,
            by="bench",
            log=lambda line: None,
        )
        ours = time.perf_counter() - started
        done = run.items.filter(status="done").count()
        if run.status != FleetMigrationRun.Status.DONE or done != len(schemas):
            raise RuntimeError(f"additive migration: {run.status}, {done}/{len(schemas)} done")
        _run_everywhere(schemas, undo_sql(name))
    bench.update(migration_fingerprint=fingerprint)
    return ours, stock


def _run_everywhere(schemas: list[str], sql: str) -> None:
    batches = [schemas[i : i + 20] for i in range(0, len(schemas), 20)]
    with fork_pool(WORKERS) as pool:
        list(pool.map(_run_sql, [(b, sql) for b in batches]))


def _run_sql(job: tuple[list[str], str]) -> None:
    schemas, sql = job
    for schema in schemas:
        connection.set_schema(schema)
        with connection.cursor() as cursor:
            cursor.execute(sql)
    connection.set_schema_to_public()
