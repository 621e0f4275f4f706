"""With no DATABASE_URL the project starts its own PostgreSQL, kept across restarts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(data_dir: Path, code: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DEBUG="1", GROUPAGE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="groupage.settings"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def stop_server(pgdata: Path) -> None:
    """Stop the embedded server as a machine restart would."""
    code = f"import pgserver; pgserver.get_server({str(pgdata)!r}, cleanup_mode='stop').cleanup()"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=60)


def test_embedded_postgres_starts_and_keeps_data_across_restarts(tmp_path):
    data_dir = tmp_path / "data"
    write = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "c.execute('CREATE TABLE kept (v text)')\n"
        "c.execute(\"INSERT INTO kept VALUES ('still here')\")\n"
        "print('HOST', connection.settings_dict['HOST'])"
    )
    first = run_manage(data_dir, write)
    assert first.returncode == 0, first.stderr
    assert (data_dir / "postgres" / "PG_VERSION").exists()
    stop_server(data_dir / "postgres")
    second = run_manage(
        data_dir,
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('SELECT v FROM kept'); print(c.fetchone()[0])",
    )
    stop_server(data_dir / "postgres")
    assert second.returncode == 0, second.stderr
    assert "still here" in second.stdout
