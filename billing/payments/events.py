"""Stripe's news about a collective's payments, applied inside its own schema.

Called by `billing.events.services` once per event, already routed to the
collective that owns the Stripe account. Every handler is idempotent and
order-tolerant: it feeds the state machine (`billing.payments.state`), which
never moves backwards. Returns a short outcome for the event's record.
"""

from django.db import connection, transaction

from billing.payments import membership
from billing.payments.models import OrderPayment, PaymentSettings, Refund
from billing.payments.services.orders import payment_update
from billing.payments.state import REFUND_EVENTS, News, refund_moves_forward
from billing.stripe_gateway import from_cents, from_timestamp

S = OrderPayment.Status

INTENT_EVENTS = {
    "payment_intent.processing": S.PROCESSING,
    "payment_intent.requires_action": S.NEEDS_ACTION,
    "payment_intent.payment_failed": S.FAILED,
    "payment_intent.succeeded": S.SUCCEEDED,
    "payment_intent.canceled": S.CANCELLED,
}


def handle(event: dict) -> str:
    kind = event["type"]
    obj = event["data"]["object"]
    at = from_timestamp(event["created"])
    if kind == "account.updated":
        return _account_updated(obj)
    if (obj.get("metadata") or {}).get("kind") == "membership":
        return membership.membership_event(kind, obj, at)
    if kind == "setup_intent.succeeded":
        return _setup_succeeded(obj, at)
    if kind in INTENT_EVENTS:
        return _intent(kind, obj, at)
    if kind == "charge.refunded":
        return _charge_refunded(obj, at)
    if kind in REFUND_EVENTS:
        return _refund_updated(obj)
    return "ignored: not used"


def _ours(obj: dict) -> bool:
    """Metadata naming this collective (a safety net: routing is by account)."""
    return (obj.get("metadata") or {}).get("schema") == connection.schema_name


def _payment_for(intent_id: str, obj: dict) -> OrderPayment | None:
    """The payment of this PaymentIntent (`obj` is the intent or one of its charges)."""
    if not intent_id:
        return None
    payment = OrderPayment.objects.filter(payment_intent_id=intent_id).first()
    if payment is not None or not _ours(obj):
        return payment
    # The webhook can come before our own call has stored the PaymentIntent's id.
    number = (obj.get("metadata") or {}).get("order", "")
    payment = OrderPayment.objects.filter(order__number=number, payment_intent_id="").first()
    if payment is not None and payment.customer_id and obj.get("customer") == payment.customer_id:
        return payment
    return None


def _setup_succeeded(obj: dict, at) -> str:
    payment = OrderPayment.objects.filter(setup_intent_id=obj["id"]).first()
    if payment is None:
        return "ignored: unknown setup"
    payment_update(payment, News(S.CARD_SAVED, at), payment_method_id=obj.get("payment_method"))
    return "card saved"


def _intent(kind: str, obj: dict, at) -> str:
    payment = _payment_for(obj["id"], obj)
    if payment is None:
        return "ignored: unknown payment"
    status = INTENT_EVENTS[kind]
    error = obj.get("last_payment_error") or {}
    if status == S.FAILED and error.get("code") == "authentication_required":
        status = S.NEEDS_ACTION
    received = obj.get("amount_received") or 0
    payment_update(
        payment,
        News(
            status,
            at,
            amount=from_cents(received) if received else None,
            failure_message=error.get("message", ""),
        ),
        payment_intent_id=obj["id"],
    )
    return status


def _charge_refunded(obj: dict, at) -> str:
    intent_id = obj.get("payment_intent") or ""
    payment = _payment_for(intent_id, obj)
    if payment is None:
        return "ignored: unknown payment"
    payment_update(
        payment,
        News(
            None,
            at,
            amount=from_cents(obj.get("amount_captured") or obj.get("amount") or 0),
            amount_refunded=from_cents(obj.get("amount_refunded") or 0),
        ),
        payment_intent_id=intent_id,
    )
    return "refunded"


def _refund_updated(obj: dict) -> str:
    with transaction.atomic():
        refund = Refund.objects.select_for_update().filter(stripe_refund_id=obj["id"]).first()
        if refund is None:
            return "ignored: refund made elsewhere"
        status = obj.get("status", "")
        if refund_moves_forward(refund.status, status):  # late news never undoes later news
            refund.status = status
            refund.save(update_fields=["status"])
    return "refund updated"


def _account_updated(obj: dict) -> str:
    settings_row = PaymentSettings.load()
    if settings_row.connected_account_id != obj["id"]:
        return "ignored: not this collective's account"
    enabled = bool(obj.get("charges_enabled"))
    PaymentSettings.objects.filter(pk=settings_row.pk).update(charges_enabled=enabled)
    return "account charges enabled" if enabled else "account charges disabled"
