"""Scheduled and background work of logistics, run in one collective's schema."""

from celery import shared_task
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.close import cycle_close, cycles_due
from shop.logistics.models import ProducerDocumentsMail


@shared_task(ignore_result=True)
def close_due_cycles() -> int:
    """Close this collective's cycles whose deadline has passed (idempotent)."""
    now = timezone.now()
    return sum(cycle_close(cycle=cycle, now=now) for cycle in cycles_due(now))


@shared_task(ignore_result=True)
def send_producer_documents(cycle_id: int, producer_id: int) -> bool:
    """E-mail a producer what they sold, with their harvest and preparation lists, once."""
    from shop.logistics.documents.registry import DOCUMENTS, Scope, render_document
    from shop.messaging.emails import language_of
    from shop.messaging.transactional import email_close_summary, producer_recipient

    cycle = OrderCycle.objects.get(pk=cycle_id)
    producer = Producer.objects.select_related("user").get(pk=producer_id)
    recipient = producer_recipient(producer)
    if recipient is None:
        return False
    try:
        with transaction.atomic():
            ProducerDocumentsMail.objects.create(cycle=cycle, producer=producer)
    except IntegrityError:
        return False  # sent already
    scope = Scope(producer=producer)
    with translation.override(language_of(recipient)), timezone.override(connection.tenant.zone):
        files = [
            render_document(DOCUMENTS["harvest"], "pdf", cycle=cycle, scope=scope),
            render_document(DOCUMENTS["preparation"], "pdf", cycle=cycle, scope=scope),
            render_document(DOCUMENTS["harvest"], "csv", cycle=cycle, scope=scope),
        ]
    sent = email_close_summary(
        producer, cycle, [(f.filename, f.content, f.content_type) for f in files]
    )
    if not sent:  # a later try may send it
        ProducerDocumentsMail.objects.filter(cycle=cycle, producer=producer).delete()
    return sent


@shared_task(ignore_result=True)
def build_documents_bundle(cycle_id: int) -> None:
    """Every document of the cycle in one ZIP, for the back-office."""
    from shop.logistics.bundles import bundle_build

    cycle = OrderCycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        return
    with timezone.override(connection.tenant.zone):
        bundle_build(cycle=cycle)
