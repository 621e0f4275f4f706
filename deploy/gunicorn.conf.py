"""gunicorn, the production web server: `gunicorn -c deploy/gunicorn.conf.py`.

Read from environment variables (see deploy/README.md, "Web server"):

| variable | default | meaning |
|---|---|---|
| `GUNICORN_BIND` | `0.0.0.0:8000` | address to listen on |
| `WEB_CONCURRENCY` | `2` | worker processes (about one per CPU core given to the container) |
| `GUNICORN_THREADS` | `4` | threads per process; each holds at most one database connection |
| `GUNICORN_TIMEOUT` | `30` | seconds a request may take before its worker is replaced |
| `LOG_FORMAT` | `text` | `json`: one JSON object per line, access log included |

A wrong value stops start-up with a message naming the variable, like the
Django settings do.
"""

import json
import logging
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} must be a whole number of at least 1.")
    return int(raw)


# The checkout holds the code: `platform/` is on the path, not a package.
chdir = str(ROOT)
pythonpath = f"{ROOT},{ROOT / 'platform'}"
wsgi_app = "groupage.wsgi:application"

bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = _whole_number("WEB_CONCURRENCY", 2)
# Threads let a process wait on the database or an upstream API for one
# request while serving another; the GIL costs little for such I/O-bound pages.
worker_class = "gthread"
threads = _whole_number("GUNICORN_THREADS", 4)
timeout = _whole_number("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy, a scale-down) requests in flight get this long to end.
graceful_timeout = 30
# Longer than the proxy's idle keep-alive (60 s in the Caddyfile), so that the
# proxy, not gunicorn, closes idle connections: no request lands on a closing one.
keepalive = 75
# Recycle processes now and then, staggered, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory: a container's disk may be slow or read-only.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
proc_name = "groupage-web"
# The proxy sends X-Forwarded-Proto; Django reads it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms host=%({host}i)s'

# Probes call /healthz every few seconds: successful ones are not worth a line.
QUIET_PATHS = frozenset({"/healthz"})


class QuietProbes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        return not (atoms.get("U") in QUIET_PATHS and str(atoms.get("s")) == "200")


class JsonAccessFormatter(logging.Formatter):
    """One JSON object per request, built from gunicorn's atoms (properly escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        return json.dumps(
            {
                "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                "level": record.levelname,
                "logger": "gunicorn.access",
                "method": atoms.get("m"),
                "path": atoms.get("U"),
                "query": atoms.get("q") or "",
                "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
                "bytes": atoms.get("B"),
                "duration_ms": atoms.get("M"),
                "host": atoms.get("{host}i"),
                "remote": atoms.get("{x-forwarded-for}i") or atoms.get("h"),
                "user_agent": atoms.get("a"),
            },
            ensure_ascii=False,
        )


_handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_probes": {"()": QuietProbes}},
    "formatters": {
        "access": (
            {"()": JsonAccessFormatter}
            if os.environ.get("LOG_FORMAT") == "json"
            else {"format": "%(asctime)s %(message)s"}
        ),
        "error": (
            # The same shape as the application's own JSON lines.
            {"()": "groupage.observability.JsonFormatter"}
            if os.environ.get("LOG_FORMAT") == "json"
            else {"format": "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"}
        ),
    },
    "handlers": {
        "access": {**_handler, "formatter": "access", "filters": ["quiet_probes"]},
        "error": {**_handler, "formatter": "error"},
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
