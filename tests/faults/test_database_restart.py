"""PostgreSQL restarted while the site serves: requests fail cleanly, then recover.

Uses the embedded PostgreSQL (pgserver) in a folder of its own, so that
restarting it disturbs nothing else, and the production server (gunicorn).
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.support import free_port, production_environment
from tests.deploy.test_production_server import stop, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
HOST = "resilience.groupage.example.org"
PROVISION = (
    "from tenants.services import collective_provision, CollectiveDetails\n"
    "collective_provision(details=CollectiveDetails(name='Résilience', slug='resilience'))"
)


def manage(environment: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def pg_ctl(data: Path, action: str) -> None:
    """Stop (fast: clients are cut off) or start the embedded server, as the
    system user pgserver runs it under when we are root."""
    from pgserver._commands import pg_ctl as run_pg_ctl

    user = "pgserver" if os.geteuid() == 0 else None
    if action == "stop":
        run_pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, user=user, timeout=60)
    else:
        arguments = [
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {data}",
            "-l",
            str(data / "restart.log"),
            "start",
        ]
        run_pg_ctl(arguments, pgdata=data, user=user, timeout=60)


def get(port: int, path: str = "/") -> tuple[int, float, bytes]:
    import http.client

    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, time.monotonic() - started, response.read()
    finally:
        connection.close()


@pytest.fixture
def embedded_site(tmp_path):
    data = tmp_path / "data"
    environment = production_environment(
        GROUPAGE_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="tests.deploy.production_settings",
        GROUPAGE_TEST_STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
    )
    environment.pop("DATABASE_URL")  # the embedded server
    manage(environment, "migrate_schemas", "--shared", "--noinput", "-v", "0")
    manage(environment, "shell", "-c", PROVISION)
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "groupage.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(port, process, log)
        yield port, data / "postgres"
    finally:
        stop(process)
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(data / "postgres", "stop")


def test_requests_fail_cleanly_while_the_database_restarts_then_recover(embedded_site):
    port, pgdata = embedded_site
    assert get(port)[0] == 200
    pg_ctl(pgdata, "stop")
    for path in ("/", "/healthz"):
        status, seconds, body = get(port, path)
        assert status in (500, 503), (path, status)
        assert seconds < 5  # an answer, not a hang
        assert b"Traceback" not in body and b"OperationalError" not in body
    assert "incident" in get(port)[2].decode()  # our page, French first
    pg_ctl(pgdata, "start")
    statuses = [get(port)[0] for _ in range(4)]  # both workers, whatever their connections
    assert statuses == [200, 200, 200, 200]
    assert get(port, "/healthz")[0] == 200
