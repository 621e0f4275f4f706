"""An order and its payment never disagree, whatever Stripe's webhooks do.

A payment's true story is drawn at random (card saved; attempts that need
authentication, fail or process; then paid, cancelled or still pending; then
refunds), told by Stripe as events in order of time. The events are then
delivered in a random order, some of them several times. Whatever the
delivery, the payment ends in the story's last state, and the order's
payment status is the one that state implies.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.events.services import event_process, event_store
from billing.payments.models import OrderPayment
from billing.payments.state import ORDER_STATUS
from shop.orders.models import Order
from tests.billing.conftest import place

S = OrderPayment.Status
AMOUNT = 840  # cents: 3 kg of carrots

ATTEMPTS = {
    "processing": ("payment_intent.processing", "processing", None, S.PROCESSING),
    "requires_action": ("payment_intent.requires_action", "requires_action", None, S.NEEDS_ACTION),
    "authentication_required": (
        "payment_intent.payment_failed",
        "requires_payment_method",
        "authentication_required",
        S.NEEDS_ACTION,
    ),
    "declined": (
        "payment_intent.payment_failed",
        "requires_payment_method",
        "card_declined",
        S.FAILED,
    ),
}


@st.composite
def stories(draw):
    attempts = draw(st.lists(st.sampled_from(sorted(ATTEMPTS)), max_size=4))
    ending = draw(st.sampled_from(["succeeded", "canceled", None]))
    refunds = []
    if ending == "succeeded":
        left = AMOUNT
        for cents in draw(st.lists(st.integers(1, AMOUNT), max_size=3)):
            if cents <= left:
                refunds.append(cents)
                left -= cents
        if draw(st.booleans()) and left:
            refunds.append(left)  # refunded in full
    return attempts, ending, refunds


def told_by_stripe(story, *, account, payment, order):
    """The events Stripe sends for this story, oldest first, and the state they end in."""
    attempts, ending, refunds = story
    metadata = {"kind": "order", "schema": "panier_des_pres", "order": order.number}
    clock = iter(range(1_800_000_000, 1_800_001_000))
    events = []

    def event(type_, obj):
        events.append(
            {
                "id": f"evt_{len(events)}_{payment.pk}",
                "type": type_,
                "created": next(clock),
                "account": account,
                "data": {"object": obj},
            }
        )

    event(
        "setup_intent.succeeded",
        {"id": payment.setup_intent_id, "object": "setup_intent", "payment_method": "pm_card_visa"},
    )
    expected = S.CARD_SAVED
    intent = {
        "id": "pi_story",
        "object": "payment_intent",
        "amount": AMOUNT,
        "amount_received": 0,
        "customer": payment.customer_id,
        "metadata": metadata,
    }
    for attempt in attempts:
        type_, status, code, expected = ATTEMPTS[attempt]
        error = {"code": code, "message": code} if code else None
        event(type_, {**intent, "status": status, "last_payment_error": error})
    if ending == "succeeded":
        event(
            "payment_intent.succeeded",
            {**intent, "status": "succeeded", "amount_received": AMOUNT},
        )
        expected = S.SUCCEEDED
    elif ending == "canceled":
        event("payment_intent.canceled", {**intent, "status": "canceled"})
        expected = S.CANCELLED
    refunded = 0
    for cents in refunds:
        refunded += cents
        event(
            "charge.refunded",
            {
                "id": "ch_story",
                "object": "charge",
                "amount": AMOUNT,
                "amount_captured": AMOUNT,
                "amount_refunded": refunded,
                "payment_intent": intent["id"],
                "customer": payment.customer_id,
                "metadata": metadata,
            },
        )
    if refunded == AMOUNT:
        expected = S.REFUNDED
    return events, expected, Decimal(refunded) / 100


@pytest.fixture
def order(shop, chloe, panier_account):
    return place(shop, chloe, carrots=3)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(story=stories(), data=st.data(), intent_known=st.booleans())
def test_any_delivery_of_the_story_ends_in_its_true_state(
    order, panier_account, story, data, intent_known
):
    with transaction.atomic():
        payment = OrderPayment.objects.create(
            order=order,
            account_id=panier_account,
            customer_id="cus_story",
            setup_intent_id="seti_story",
            # Our own call may or may not have stored the intent before its events come.
            payment_intent_id="pi_story" if intent_known else "",
        )
        events, expected, refunded = told_by_stripe(
            story, account=panier_account, payment=payment, order=order
        )
        delivery = data.draw(st.permutations(events))
        delivery += data.draw(st.lists(st.sampled_from(events), max_size=4))  # duplicates
        for event in delivery:
            stored = event_process(event_store(event))
            assert stored.processed_at is not None, stored.error
        payment.refresh_from_db()
        order.refresh_from_db()
        assert payment.status == expected
        assert order.payment_status == ORDER_STATUS[expected]
        assert payment.amount_refunded == refunded
        if expected in (S.SUCCEEDED, S.REFUNDED):
            assert payment.amount == Decimal("8.40")
        transaction.set_rollback(True)


def test_the_order_status_is_defined_for_every_payment_state():
    assert set(ORDER_STATUS) == set(S.values)
    assert set(ORDER_STATUS.values()) <= set(Order.PaymentStatus.values)
