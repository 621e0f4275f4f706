"""Two runs of the reminder task at once (a retried task, two workers): one e-mail each."""

import threading
from collections import Counter

import time_machine
from django.core import mail
from django.db import connection, connections
from django_tenants.utils import tenant_context

from shop.messaging.models import ReminderSent
from shop.messaging.reminders import send_deadline_reminders
from tests.conftest import make_user

from .conftest import make_week
from .test_reminders import REMINDER_TIME

RUNS = 4
CONSUMERS = 15


def test_simultaneous_runs_send_each_reminder_once(committed_collective):
    with tenant_context(committed_collective):
        make_week()
    for n in range(CONSUMERS):
        make_user(committed_collective, f"consumer{n}@example.fr")
    start = threading.Barrier(RUNS)
    sent_counts: list[int] = []

    def run():
        connection.set_tenant(committed_collective)
        try:
            start.wait()
            sent_counts.append(send_deadline_reminders())
        finally:
            connections.close_all()

    with time_machine.travel(REMINDER_TIME, tick=False):
        threads = [threading.Thread(target=run) for _ in range(RUNS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    per_address = Counter(address for message in mail.outbox for address in message.to)
    assert sum(sent_counts) == CONSUMERS
    assert len(per_address) == CONSUMERS and set(per_address.values()) == {1}
    with tenant_context(committed_collective):
        assert ReminderSent.objects.count() == CONSUMERS
