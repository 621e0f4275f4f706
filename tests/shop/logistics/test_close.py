"""Closing a cycle: at its deadline in the collective's zone, once, with the producers told."""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django_tenants.utils import tenant_context

from shop.cycles.models import OrderCycle
from shop.demo.factories import make_cycle, make_point
from shop.logistics.close import cycle_close
from shop.logistics.models import ProducerDocumentsMail
from shop.logistics.tasks import close_due_cycles
from shop.orders.errors import OrderRefused
from tests.shop.logistics.helpers import pdf_text

PARIS = ZoneInfo("Europe/Paris")


def test_a_cycle_does_not_close_before_its_deadline(ordered):
    with pytest.raises(ValidationError, match="cannot close before"):
        cycle_close(cycle=ordered.cycle, now=ordered.cycle.closes_at - timedelta(seconds=1))
    ordered.cycle.refresh_from_db()
    assert ordered.cycle.closed_at is None


def test_closing_twice_changes_nothing(ordered, django_capture_on_commit_callbacks):
    deadline = ordered.cycle.closes_at
    with django_capture_on_commit_callbacks(execute=True):
        assert cycle_close(cycle=ordered.cycle, now=deadline) is True
    with django_capture_on_commit_callbacks(execute=True) as second:
        assert cycle_close(cycle=ordered.cycle, now=deadline + timedelta(hours=1)) is False
    assert second == []
    ordered.cycle.refresh_from_db()
    assert ordered.cycle.closed_at == deadline
    assert len(mail.outbox) == 2  # one per producer, the first time only


def test_each_producer_is_emailed_their_own_lists(ordered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cycle_close(cycle=ordered.cycle, now=ordered.cycle.closes_at)
    by_address = {m.to[0]: m for m in mail.outbox}
    bruno = by_address["bruno@ferme-des-pres.fr"]
    names = [name for name, _content, _mime in bruno.attachments]
    assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "pdf", "csv"]
    harvest = pdf_text(bruno.attachments[0][1])
    assert "Carottes" in harvest and "Poulet fermier" in harvest
    assert "Tomme" not in harvest  # Lucie's
    lucie = by_address["lucie@fromagerie.fr"]
    assert "Glace vanille" in pdf_text(lucie.attachments[1][1])
    assert ProducerDocumentsMail.objects.filter(cycle=ordered.cycle).count() == 2


def test_the_documents_mail_is_not_sent_twice(ordered, django_capture_on_commit_callbacks):
    from shop.logistics.tasks import send_producer_documents

    with django_capture_on_commit_callbacks(execute=True):
        cycle_close(cycle=ordered.cycle, now=ordered.cycle.closes_at)
    assert send_producer_documents(ordered.cycle.pk, ordered.bruno_farm.pk) is False
    assert len(mail.outbox) == 2


def test_orders_are_frozen_once_closed(ordered):
    ordered.close()
    with pytest.raises(OrderRefused, match="closed"):
        ordered.place("chloe", ordered.farm, {(ordered.carrots, ""): 1})


def test_the_scheduled_task_closes_at_the_deadline_in_the_collectives_zone(in_panier):
    point = make_point("Ferme du Bois")
    # Friday 20:00 in Paris (winter) is 19:00 UTC.
    deadline = datetime(2026, 1, 16, 20, 0, tzinfo=PARIS)
    cycle = make_cycle([point], opens_at=deadline - timedelta(days=7), closes_at=deadline)
    with time_machine.travel(datetime(2026, 1, 16, 18, 59, 59, tzinfo=ZoneInfo("UTC")), tick=False):
        assert close_due_cycles() == 0
    with time_machine.travel(datetime(2026, 1, 16, 19, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert close_due_cycles() == 1
        assert close_due_cycles() == 0
    cycle.refresh_from_db()
    assert cycle.closed_at == deadline


def test_closing_waits_for_a_checkout_in_flight(committed_collective):
    """The checkout holds the cycle FOR SHARE; the close (FOR UPDATE) waits for its commit."""
    with tenant_context(committed_collective):
        point = make_point("Ferme du Bois")
        cycle = make_cycle([point])
        deadline = cycle.closes_at
    events = []
    checkout_has_lock = threading.Event()

    def checkout():
        connection.set_tenant(committed_collective)
        try:
            with transaction.atomic():
                list(
                    OrderCycle.objects.raw(
                        "SELECT * FROM cycles_ordercycle WHERE id = %s FOR SHARE", [cycle.pk]
                    )
                )
                checkout_has_lock.set()
                time.sleep(0.4)
                events.append("checkout committed")
        finally:
            connections.close_all()

    def close():
        connection.set_tenant(committed_collective)
        try:
            checkout_has_lock.wait(5)
            cycle_close(cycle=cycle, now=deadline)
            events.append("cycle closed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checkout), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert events == ["checkout committed", "cycle closed"]
    with tenant_context(committed_collective):
        assert OrderCycle.objects.get(pk=cycle.pk).closed_at == deadline


def test_close_leaves_other_cycles_alone(closed, in_panier):
    later = make_cycle([closed.farm])
    assert later.closed_at is None
    assert close_due_cycles() == 0
    closed.cycle.refresh_from_db()
    assert closed.cycle.closed_at is not None


def test_closing_makes_every_document_in_one_zip(
    ordered, alice_client, django_capture_on_commit_callbacks, panier
):
    from django.urls import reverse
    from django_tenants.utils import tenant_context

    from shop.logistics.models import DocumentsBundle

    with django_capture_on_commit_callbacks(execute=True):
        cycle_close(cycle=ordered.cycle, now=ordered.cycle.closes_at)
    bundle = DocumentsBundle.objects.get(cycle=ordered.cycle)
    assert bundle.ready
    page = alice_client.get(reverse("backoffice:logistics:cycle", args=[ordered.cycle.pk]))
    assert b"Every document (ZIP)" in page.content
    download = alice_client.get(
        reverse("backoffice:logistics:bundle_download", args=[ordered.cycle.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    with tenant_context(panier):
        bundle.file.delete(save=False)
