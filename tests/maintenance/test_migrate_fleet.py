"""Fleet migrations: many schemas, one failing, the others done, a re-run resumes."""

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context

from maintenance.fleet_migrations import FleetBusy, fleet_migrate, runner
from maintenance.fleet_migrations.rehearsal import extra_tenant_migration
from maintenance.models import FleetMigrationItem, FleetMigrationRun, Ring, RolloutRing
from tenants.models import Collective


def columns_of(collective, table="onboarding_paymentmodes") -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            [collective.schema_name, table],
        )
        return {row[0] for row in cursor.fetchall()}


def applied(collective, name) -> bool:
    with tenant_context(collective), connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM django_migrations WHERE app = 'onboarding' AND name = %s",
            [name],
        )
        return cursor.fetchone()[0] == 1


def fingerprint_of(collective) -> str:
    return Collective.objects.get(pk=collective.pk).migration_fingerprint


def migrate(collectives, **options):
    ids = [c.pk for c in collectives]
    options = {"workers": 2, "migrate_shared": False, "refresh_template": False, **options}
    return fleet_migrate(collectives=Collective.objects.filter(pk__in=ids), **options)


def conflict(collective, column="rehearsal_note"):
    """Someone added this column by hand in this one schema: the migration will clash."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'ALTER TABLE "{collective.schema_name}".onboarding_paymentmodes '
            f"ADD COLUMN {column} integer"
        )


def test_up_to_date_collectives_are_recognised_without_migrating(committed_collectives):
    collectives = committed_collectives(3)
    run = migrate(collectives)
    assert run.status == FleetMigrationRun.Status.DONE
    assert run.up_to_date == 3
    assert not run.items.exists()


def test_one_failing_schema_does_not_stop_or_spoil_the_others(committed_collectives):
    first, broken, third, fourth = committed_collectives(4)
    conflict(broken)
    with extra_tenant_migration() as name:
        run = migrate([first, broken, third, fourth])
        target = run.target_fingerprint

        assert run.status == FleetMigrationRun.Status.FAILED
        items = {i.schema_name: i for i in run.items.all()}
        assert items[broken.schema_name].status == FleetMigrationItem.Status.FAILED
        assert "rehearsal_note" in items[broken.schema_name].error
        for good in (first, third, fourth):
            item = items[good.schema_name]
            assert item.status == FleetMigrationItem.Status.DONE
            assert item.method == "sql" and item.seconds is not None
            assert "rehearsal_note" in columns_of(good)
            assert applied(good, name)
            assert fingerprint_of(good) == target
        # The failed schema was rolled back whole: no record, old fingerprint.
        assert not applied(broken, name)
        assert fingerprint_of(broken) != target

        # Someone fixes the schema; the re-run only takes up what is left.
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER TABLE "{broken.schema_name}".onboarding_paymentmodes '
                "DROP COLUMN rehearsal_note"
            )
        rerun = migrate([first, broken, third, fourth])
        assert rerun.status == FleetMigrationRun.Status.DONE
        assert rerun.up_to_date == 3
        assert [i.schema_name for i in rerun.items.all()] == [broken.schema_name]
        assert applied(broken, name) and fingerprint_of(broken) == target


def test_a_failed_canary_stops_the_rollout_before_the_others(committed_collectives):
    canary, other = committed_collectives(2)
    RolloutRing.objects.create(collective=canary, ring=Ring.CANARY)
    conflict(canary)
    with extra_tenant_migration():
        run = migrate([canary, other])
        assert run.status == FleetMigrationRun.Status.STOPPED
        statuses = {i.schema_name: i.status for i in run.items.all()}
        assert statuses == {canary.schema_name: "failed", other.schema_name: "skipped"}
        assert "rehearsal_note" not in columns_of(other)

        forced = migrate([canary, other], force=True)
        assert {i.schema_name: i.status for i in forced.items.all()} == {
            canary.schema_name: "failed",
            other.schema_name: "done",
        }


BOOM = """
def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('fleet_boom')")
        if cursor.fetchone()[0] is not None:
            raise RuntimeError("data this migration cannot convert")
"""


def test_data_migrations_run_through_djangos_executor_and_fail_alone(committed_collectives):
    good, broken = committed_collectives(2)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{broken.schema_name}".fleet_boom (id int)')
    operations = "\n        migrations.RunPython(forwards, migrations.RunPython.noop),\n"
    with extra_tenant_migration(operations, preamble=BOOM) as name:
        run = migrate([good, broken])
        items = {i.schema_name: i for i in run.items.all()}
        assert items[good.schema_name].status == "done"
        assert items[good.schema_name].method == "executor"
        assert applied(good, name)
        assert items[broken.schema_name].status == "failed"
        assert "cannot convert" in items[broken.schema_name].error
        assert not applied(broken, name)


def test_verify_finds_a_schema_whose_records_lack_a_migration(committed_collectives):
    intact, tampered = committed_collectives(2)
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{tampered.schema_name}".django_migrations '  # noqa: S608
            "WHERE app = 'onboarding' AND name = '0001_initial'"
        )
        cursor.execute(f'DROP TABLE "{tampered.schema_name}".onboarding_paymentmodes')
    run = migrate([intact, tampered], verify=True)
    assert run.status == FleetMigrationRun.Status.DONE
    assert [i.schema_name for i in run.items.all()] == [tampered.schema_name]
    assert "at_pickup" in columns_of(tampered)


def test_a_second_run_at_the_same_time_is_refused(committed_collectives):
    collectives = committed_collectives(1)
    with runner._fleet_lock(), pytest.raises(FleetBusy):
        migrate(collectives)


def test_the_command_refreshes_the_template_and_reports(committed_collectives, monkeypatch):
    calls = []
    monkeypatch.setattr(runner, "_refresh_template", lambda log: calls.append("template"))
    monkeypatch.setattr(runner, "_migrate_shared_schema", lambda log: calls.append("shared"))
    call_command("migrate_fleet", "--workers", "1", verbosity=0)
    assert calls == ["shared", "template"]
    assert FleetMigrationRun.objects.first().status == "done"
    FleetMigrationRun.objects.all().delete()
