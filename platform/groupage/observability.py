"""Logs and error reports that always say which collective they concern."""

import json
import logging

from django.db import connection


def current_schema() -> str:
    return getattr(connection, "schema_name", None) or "-"


class CollectiveLogFilter(logging.Filter):
    """Adds `schema` (the collective's PostgreSQL schema) to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.schema = current_schema()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers in production."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "schema": getattr(record, "schema", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def tag_event_with_collective(event: dict, hint: dict) -> dict:
    event.setdefault("tags", {})["collective"] = current_schema()
    return event


def init_sentry(dsn: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=tag_event_with_collective,
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
