"""A fleet migration run: shared schema, template, then collectives ring by ring."""

import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

import psycopg2
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from maintenance.fleet_migrations import detect
from maintenance.fleet_migrations.planning import SchemaPlan, plan_for
from maintenance.fleet_migrations.worker import Job, Outcome, migrate_schema
from maintenance.models import (
    FleetMigrationItem,
    FleetMigrationRun,
    Ring,
    SharedSchemaState,
)
from maintenance.processes import fork_pool
from tenants.models import Collective

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key: one fleet migration at a time.
FLEET_LOCK_KEY = 7_200_002
# Outcomes are written in batches, at most this many seconds apart.
FLUSH_SECONDS = 0.5

Item = FleetMigrationItem


class FleetBusy(Exception):
    """Another fleet migration is running."""


def fleet_migrate(
    *,
    workers: int | None = None,
    force: bool = False,
    collectives: QuerySet | None = None,
    migrate_shared: bool = True,
    refresh_template: bool = True,
    verify: bool = False,
    by: str = "command",
    log: Callable[[str], None] = logger.info,
) -> FleetMigrationRun:
    """Bring every collective's schema (or those of `collectives`) up to date.

    Rings go in order (canary, early, everyone); a failure in a ring stops
    the run before the next ring unless `force`. Within a ring every schema
    is tried whatever happens to the others. `verify` also reads every
    schema's migration records, for schemas changed behind our back.
    """
    workers = workers or os.cpu_count() or 1
    if workers > 1 and connection.in_atomic_block:
        raise RuntimeError("A parallel fleet migration must run outside a transaction.")
    with _fleet_lock():
        target = detect.target_fingerprint()
        run = FleetMigrationRun.objects.create(
            target_fingerprint=target, started_by=by, workers=workers
        )
        try:
            _run(run, workers, force, collectives, migrate_shared, refresh_template, verify, log)
        except BaseException as error:
            connection.set_schema_to_public()
            run.status = FleetMigrationRun.Status.FAILED
            run.note = (run.note + f"\n{type(error).__name__}: {error}").strip()
            run.finished_at = timezone.now()
            run.save()
            raise
    return run


def _run(run, workers, force, collectives, migrate_shared, refresh_template, verify, log):
    if migrate_shared:
        started = time.perf_counter()
        _migrate_shared_schema(log)
        run.shared_seconds = time.perf_counter() - started
    if refresh_template:
        started = time.perf_counter()
        _refresh_template(log)
        run.template_seconds = time.perf_counter() - started
    if verify:
        _reconcile(collectives, run.target_fingerprint, log)
    queryset = Collective.objects.all() if collectives is None else collectives
    total = queryset.exclude(schema_name="public").count()
    behind = list(
        detect.behind_collectives(queryset)
        .order_by("id")
        .values_list("id", "schema_name", "rollout_ring__ring")
    )
    run.up_to_date = total - len(behind)
    log(f"{run.up_to_date} of {total} collectives up to date, {len(behind)} behind")
    run.save(update_fields=["up_to_date", "shared_seconds", "template_seconds"])
    if behind:
        _migrate_behind(run, behind, workers, force, log)
    run.finished_at = timezone.now()
    if run.status == FleetMigrationRun.Status.RUNNING:
        failed = run.items.filter(status=Item.Status.FAILED).exists()
        run.status = FleetMigrationRun.Status.FAILED if failed else FleetMigrationRun.Status.DONE
    run.save()


def _migrate_shared_schema(log) -> None:
    fingerprint = detect.shared_fingerprint()
    state = SharedSchemaState.objects.filter(pk=1).first()
    if state is not None and state.fingerprint == fingerprint:
        return
    log("migrating the shared schema")
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    SharedSchemaState.objects.update_or_create(pk=1, defaults={"fingerprint": fingerprint})


def _refresh_template(log) -> None:
    """New collectives are made from the template: it follows the migrations too."""
    from tenants.models import SchemaTemplate
    from tenants.reserve import refill_reserve
    from tenants.schema_template import current_template

    if not SchemaTemplate.objects.filter(fingerprint=detect.target_fingerprint()).exists():
        log("rebuilding the template schema")
    current_template()
    refill_reserve()  # drops spare schemas of an older template


def _reconcile(collectives, target: str, log) -> None:
    """Trust the records, not the fingerprints: mark as behind what lacks a migration."""
    queryset = Collective.objects.all() if collectives is None else collectives
    rows = dict(queryset.exclude(schema_name="public").values_list("schema_name", "id"))
    present = detect.existing_schemas(rows)
    missing = detect.schemas_missing_migrations(sorted(present))
    complete = [rows[s] for s in present if s not in missing]
    stale = [rows[s] for s in missing] + [rows[s] for s in rows if s not in present]
    Collective.objects.filter(pk__in=complete).exclude(migration_fingerprint=target).update(
        migration_fingerprint=target
    )
    Collective.objects.filter(pk__in=stale).update(migration_fingerprint="")
    log(f"verified {len(rows)} schemas: {len(stale)} lack migrations")


def _migrate_behind(run, behind, workers, force, log) -> None:
    items = Item.objects.bulk_create(
        Item(
            run=run,
            collective_id=collective_id,
            schema_name=schema,
            ring=Ring.ALL if ring is None else ring,
        )
        for collective_id, schema, ring in behind
    )
    present = detect.existing_schemas(i.schema_name for i in items)
    lost = [i for i in items if i.schema_name not in present]
    for item in lost:
        _finish(item, Outcome(item.pk, False, "", 0.0, "The schema does not exist."))
    _flush(lost)
    items = [i for i in items if i.schema_name in present]
    jobs = _jobs(run, items, log)
    rings = sorted({i.ring for i in items})
    with _workers(workers) as submit:
        for position, ring in enumerate(rings):
            ring_jobs = [jobs[i.pk] for i in items if i.ring == ring]
            log(f"ring {Ring(ring).label}: {len(ring_jobs)} collectives")
            failures = _run_jobs(submit, ring_jobs, {i.pk: i for i in items}, log)
            later = rings[position + 1 :]
            if failures and later and not force and ring < Ring.ALL:
                skipped = [i.pk for i in items if i.ring in later]
                Item.objects.filter(pk__in=skipped).update(status=Item.Status.SKIPPED)
                run.status = FleetMigrationRun.Status.STOPPED
                run.note = (
                    f"{failures} collective(s) of ring {Ring(ring).label} failed: "
                    f"{len(skipped)} later collectives left as they were."
                )
                log(run.note)
                return


def _jobs(run, items, log) -> dict[int, Job]:
    """One plan per distinct state of the schemas, shared by every schema in it."""
    hashes = detect.applied_state_hashes([i.schema_name for i in items])
    plans: dict[str, SchemaPlan | None] = {}
    for item in items:
        state = hashes[item.schema_name]
        if state not in plans:
            try:
                plans[state] = plan_for(item.schema_name, state)
            except Exception as error:  # each schema will report it through the executor
                log(f"no replayable plan from {item.schema_name}: {error}")
                plans[state] = None
            plan = plans[state]
            if plan is not None and not plan.replayable:
                log(f"{item.schema_name}: Django's executor ({plan.why_not_replayable})")
    return {
        i.pk: Job(
            i.pk,
            i.collective_id,
            i.schema_name,
            run.target_fingerprint,
            plans[hashes[i.schema_name]],
        )
        for i in items
    }


def _run_jobs(submit, jobs: list[Job], items: dict[int, Item], log) -> int:
    failures = 0
    pending: list[Item] = []
    flushed = time.monotonic()
    for job, outcome in submit(jobs):
        item = items[job.item_id]
        _finish(item, outcome)
        pending.append(item)
        if not outcome.ok:
            failures += 1
            log(f"FAILED {job.schema_name}: {outcome.error}")
        if time.monotonic() - flushed > FLUSH_SECONDS:
            _flush(pending)
            pending, flushed = [], time.monotonic()
    _flush(pending)
    return failures


def _finish(item: Item, outcome: Outcome) -> None:
    item.status = Item.Status.DONE if outcome.ok else Item.Status.FAILED
    item.method = outcome.method
    item.seconds = outcome.seconds
    item.error = outcome.error
    item.finished_at = timezone.now()


def _flush(items: list[Item]) -> None:
    if items:
        Item.objects.bulk_update(items, ["status", "method", "seconds", "error", "finished_at"])


@contextmanager
def _workers(count: int) -> Iterator[Callable]:
    """`submit(jobs)` yields (job, outcome) as each schema finishes.

    With several workers, each is a forked process with its own database
    connection; the parent's connections are closed before forking, so that
    no process shares another's socket.
    """
    if count <= 1:
        yield lambda jobs: ((job, migrate_schema(job)) for job in jobs)
        return
    with fork_pool(count) as pool:
        yield lambda jobs: _parallel(pool, jobs)


def _parallel(pool: ProcessPoolExecutor, jobs: list[Job]):
    futures = {pool.submit(migrate_schema, job): job for job in jobs}
    for future in as_completed(futures):
        job = futures[future]
        try:
            yield job, future.result()
        except BrokenProcessPool as error:
            yield job, Outcome(job.item_id, False, "", 0.0, f"Worker process died: {error}")


@contextmanager
def _fleet_lock() -> Iterator[None]:
    """A session lock on a connection of its own, which forked workers never use."""
    db = connection.settings_dict
    lock = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    try:
        lock.autocommit = True
        with lock.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [FLEET_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise FleetBusy("Another fleet migration is running.")
        yield
    finally:
        lock.close()
