"""Logs and error reports say which collective they concern."""

import json
import logging

from django_tenants.utils import tenant_context

from groupage.observability import CollectiveLogFilter, JsonFormatter, tag_event_with_collective


def record(message: str = "commande reçue") -> logging.LogRecord:
    return logging.LogRecord("shop", logging.INFO, __file__, 1, message, None, None)


def test_log_records_carry_the_collective_schema(panier):
    with tenant_context(panier):
        entry = record()
        CollectiveLogFilter().filter(entry)
    assert entry.schema == "panier_des_pres"


def test_json_logs_are_one_object_a_line_with_the_schema(panier):
    with tenant_context(panier):
        entry = record("Commande n° 12 — reçue")
        CollectiveLogFilter().filter(entry)
    line = JsonFormatter().format(entry)
    assert "\n" not in line
    assert json.loads(line)["schema"] == "panier_des_pres"
    assert json.loads(line)["message"] == "Commande n° 12 — reçue"


def test_sentry_events_are_tagged_with_the_collective(bocage):
    with tenant_context(bocage):
        event = tag_event_with_collective({"message": "boom"}, {})
    assert event["tags"]["collective"] == "bocage_paysan"
