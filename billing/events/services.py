"""Receiving Stripe's webhooks: verify, store once, route to the right collective, process once.

- The signature is checked on the raw body before anything is stored: a
  forged or stale event changes nothing.
- Each event is stored once by its Stripe id; a duplicate only counts a
  delivery. Processing holds the event's row locked and marks it processed in
  the same transaction as its effects, so an event takes effect exactly once.
- Events of a collective's own account (`account` set, Connect) are processed
  inside that collective's schema and only there; unknown accounts are
  recorded as failures. Events of the platform's own account concern the
  provider's invoices.
- A failure is recorded (error, attempts) and can be replayed by the staff,
  the collective's admins, or the retry task; handlers are idempotent.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing import stripe_gateway as gateway
from billing.events.models import ConnectedAccount, StripeEvent

logger = logging.getLogger(__name__)
MAX_AUTOMATIC_ATTEMPTS = 5


class UnknownAccount(Exception):
    """No collective has connected this Stripe account."""


def webhook_receive(*, payload: bytes, signature: str) -> StripeEvent:
    """Verify and store the event, then process it unless it already was.

    Raises `stripe_gateway.BadSignature` (nothing stored) when it cannot be trusted.
    """
    event = gateway.event_from_webhook(payload, signature)
    stored = event_store(event)
    if stored.processed_at is None:
        stored = event_process(stored)
    return stored


def event_store(event: dict) -> StripeEvent:
    with transaction.atomic():
        stored, created = StripeEvent.objects.get_or_create(
            event_id=event["id"],
            defaults={
                "type": event.get("type", "")[:80],
                "account": event.get("account") or "",
                "created": gateway.from_timestamp(event.get("created")),
                "payload": event,
            },
        )
        if not created:
            StripeEvent.objects.filter(pk=stored.pk).update(deliveries=F("deliveries") + 1)
    return stored


def event_process(stored: StripeEvent) -> StripeEvent:
    """Process the event once; a failure is recorded, never raised."""
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update().get(pk=stored.pk)
        if stored.processed_at is not None:
            return stored
        stored.attempts += 1
        try:
            with transaction.atomic():
                stored.outcome = _dispatch(stored)[:200]
        except Exception as error:
            stored.error = f"{type(error).__name__}: {error}"[:2000]
            # The payload stays in the database; the log names the event only.
            logger.warning(
                "Stripe event %s (%s) failed: %s",
                stored.event_id,
                stored.type,
                type(error).__name__,
            )
        else:
            stored.error = ""
            stored.processed_at = timezone.now()
        stored.save(update_fields=["attempts", "outcome", "error", "processed_at", "collective"])
    return stored


def _dispatch(stored: StripeEvent) -> str:
    if not stored.account:
        from billing.provider import collection

        return collection.platform_event(stored.payload)
    mapping = (
        ConnectedAccount.objects.select_related("collective")
        .filter(account_id=stored.account)
        .first()
    )
    if mapping is None:
        raise UnknownAccount(f"No collective has connected {stored.account}.")
    stored.collective = mapping.collective
    from billing.payments import events

    with tenant_context(mapping.collective):
        return events.handle(stored.payload)


def event_replay(*, event: StripeEvent, collective=None) -> StripeEvent:
    """Process a failed event again (from the console, or the collective's back-office).

    With `collective`, only that collective's events may be replayed.
    """
    if collective is not None and event.collective_id != collective.pk:
        raise StripeEvent.DoesNotExist
    return event_process(event)


def events_retry(*, now=None) -> int:
    """Retry events not processed a few minutes after they came (bounded attempts)."""
    now = now or timezone.now()
    pending = StripeEvent.objects.filter(
        processed_at__isnull=True,
        attempts__lt=MAX_AUTOMATIC_ATTEMPTS,
        received_at__lt=now - timedelta(minutes=5),
    ).order_by("created", "pk")[:500]
    done = 0
    for stored in pending:
        if event_process(stored).processed_at is not None:
            done += 1
    return done
