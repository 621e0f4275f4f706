"""A Celery worker killed mid-task: the broker hands the task to another worker,
which does the work again — and the work, being idempotent, is done once."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import time as clock
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from maintenance.benchmarks.server import database_url

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def rabbitmq_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=2).close()
        return True
    except OSError:
        return False


def start_worker(queue: str, log: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "groupage",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--include",
            "tests.faults.worker_tasks",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(predicate, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


@pytest.mark.broker
def test_killed_worker_s_task_is_redone_once_by_another(
    committed_collective, tmp_path, django_db_blocker
):
    assert rabbitmq_answers(), "RabbitMQ must run on 127.0.0.1:5672 for this test"
    from tenant_schemas_celery.app import CeleryApp

    from shop.cycles.models import CycleSchedule, OrderCycle
    from shop.demo.factories import make_point

    with django_db_blocker.unblock(), tenant_context(committed_collective):
        make_point()
        CycleSchedule.objects.create(closes_weekday=1, closes_time=clock(20, 0))

    queue = f"faults-{uuid.uuid4().hex[:8]}"
    marker = str(tmp_path / "attempt")
    producer = CeleryApp("faults-producer", broker=BROKER)
    with django_db_blocker.unblock(), tenant_context(committed_collective):
        producer.send_task("tests.faults.extend_then_linger", args=[marker], queue=queue)
    connection.set_schema_to_public()

    first_log, second_log = tmp_path / "worker1.log", tmp_path / "worker2.log"
    first = start_worker(queue, first_log)
    try:
        wait_for(lambda: list(tmp_path.glob("attempt.*")), 60, "the first attempt", first_log)
        os.killpg(first.pid, signal.SIGKILL)  # mid-task: work done, not acknowledged
        first.wait(10)
        second = start_worker(queue, second_log)
        try:
            wait_for(
                lambda: len(list(tmp_path.glob("attempt.*"))) == 2, 60, "the redelivery", second_log
            )
            wait_for(lambda: "succeeded" in second_log.read_text(), 30, "success", second_log)
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(20)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)

    attempts = sorted(int(path.read_text()) for path in tmp_path.glob("attempt.*"))
    assert attempts == [0, 3]  # three cycles created the first time, none the second
    with django_db_blocker.unblock(), tenant_context(committed_collective):
        assert OrderCycle.objects.count() == 3
