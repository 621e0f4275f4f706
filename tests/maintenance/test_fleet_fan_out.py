"""Recurring jobs run once in each active collective, spread over time."""

from unittest import mock

from maintenance.fleet import fan_out, stable_offset
from tenants.services import collective_suspend


def test_job_is_sent_once_per_active_collective_from_its_schema(panier, bocage):
    sent = []

    def record(self, kwargs=None, countdown=0, **options):
        from django.db import connection

        sent.append((connection.schema_name, countdown))

    with mock.patch("celery.app.task.Task.apply_async", record):
        count = fan_out("shop.cycles.tasks.extend_schedules", spread_seconds=600)
    schemas = {schema for schema, _ in sent}
    assert {"panier_des_pres", "bocage_paysan"} <= schemas
    assert count == len(sent) == len(schemas)
    assert all(0 <= countdown < 600 for _, countdown in sent)


def test_suspended_collective_is_skipped(panier, bocage):
    collective_suspend(collective=bocage)
    sent = []
    with mock.patch(
        "celery.app.task.Task.apply_async",
        lambda self, **kw: sent.append(__import__("django.db").db.connection.schema_name),
    ):
        fan_out("shop.cycles.tasks.extend_schedules")
    assert "bocage_paysan" not in sent and "panier_des_pres" in sent


def test_offsets_spread_collectives_across_the_window():
    offsets = {stable_offset(f"collective_{i}", 3600) for i in range(200)}
    assert len(offsets) > 150  # not all at once
    assert stable_offset("panier_des_pres", 3600) == stable_offset("panier_des_pres", 3600)


def test_extend_schedules_task_runs_in_the_collective(in_panier):
    from datetime import time

    from shop.cycles.models import CycleSchedule, OrderCycle
    from shop.cycles.tasks import extend_schedules
    from shop.demo.factories import make_point

    make_point()
    CycleSchedule.objects.create(closes_weekday=1, closes_time=time(20, 0))
    assert extend_schedules.apply().get() == 3
    assert OrderCycle.objects.count() == 3


def test_one_collective_failing_does_not_stop_the_others(panier, bocage, caplog):
    """Without a broker the task runs in-process: its error must not stop the round."""
    from django.db import connection

    ran = []

    def run(self, kwargs=None, countdown=0, **options):
        ran.append(connection.schema_name)
        if connection.schema_name == "panier_des_pres":
            raise RuntimeError("disk full")

    with mock.patch("celery.app.task.Task.apply_async", run):
        count = fan_out("shop.cycles.tasks.extend_schedules")
    assert {"panier_des_pres", "bocage_paysan"} <= set(ran)
    assert count == len(ran) - 1
    assert "extend_schedules failed for collective panier_des_pres" in caplog.text
