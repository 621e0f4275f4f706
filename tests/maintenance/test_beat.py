"""Celery beat drives every collective's recurring work, spread, each in its schema."""

from unittest import mock

from groupage.beat import BEAT_SCHEDULE, FAN_OUT
from groupage.celery import app
from maintenance.fleet import fan_out
from maintenance.models import CollectiveStats


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        if entry["task"] == FAN_OUT:
            assert entry["kwargs"]["task_name"] in app.tasks, name


def test_fleet_jobs_are_spread_over_time():
    spread = {
        name: entry["kwargs"]["spread_seconds"]
        for name, entry in BEAT_SCHEDULE.items()
        if entry["task"] == FAN_OUT and entry["kwargs"]["task_name"].startswith("maintenance.")
    }
    assert spread and all(seconds >= 600 for seconds in spread.values())


def test_figures_are_refreshed_in_each_collectives_own_schema(panier, bocage):
    sent = []

    def run_now(self, kwargs=None, countdown=0, **options):
        from django.db import connection

        sent.append(connection.schema_name)
        self.apply(kwargs=kwargs or {})

    with mock.patch("celery.app.task.Task.apply_async", run_now):
        fan_out("maintenance.tasks.refresh_collective_stats", spread_seconds=1800)
    assert {"panier_des_pres", "bocage_paysan"} <= set(sent)
    assert set(CollectiveStats.objects.values_list("collective__slug", flat=True)) >= {
        "panier-des-pres",
        "bocage-paysan",
    }
