"""Refunds of orders paid online: shortages and cancellations, partial or full."""

from decimal import Decimal

import pytest

from billing.payments.models import OrderPayment, Refund
from billing.payments.receivers import refund_lowered_total
from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import (
    order_charge_final,
    order_refund,
    order_refund_shortages,
)
from shop.orders.models import Order
from tests.billing.conftest import place, save_card
from tests.conftest import login

S = OrderPayment.Status
D = Decimal


@pytest.fixture
def paid(shop, chloe, panier_account, fake_stripe):
    order = place(shop, chloe, carrots=3)  # 8,40 €
    save_card(fake_stripe, order)
    order_charge_final(order=order)
    return order


def payment_of(order) -> OrderPayment:
    order.refresh_from_db()
    return OrderPayment.objects.get(order=order)


def test_a_partial_refund_keeps_the_order_paid(paid, fake_stripe, alice):
    refund = order_refund(order=paid, amount=D("2.80"), reason=Refund.Reason.SHORTAGE, by=alice)
    payment = payment_of(paid)
    assert refund.amount == D("2.80") and refund.stripe_refund_id.startswith("re_")
    assert payment.amount_refunded == D("2.80") and payment.status == S.SUCCEEDED
    assert paid.payment_status == Order.PaymentStatus.PAID
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call["params"]["amount"] == "280" and call["account"] == payment.account_id


def test_refunding_everything_marks_the_order_refunded(paid, fake_stripe):
    order_refund(order=paid, amount=D("5.00"), reason=Refund.Reason.CANCELLATION)
    order_refund(order=paid, amount=D("3.40"), reason=Refund.Reason.CANCELLATION)
    assert payment_of(paid).status == S.REFUNDED
    assert paid.payment_status == Order.PaymentStatus.REFUNDED


@pytest.mark.parametrize("amount", ["8.41", "0", "-1", "1.005"])
def test_refunding_more_than_paid_or_a_bad_amount_is_refused(paid, fake_stripe, amount):
    with pytest.raises(PaymentRefused):
        order_refund(order=paid, amount=D(amount), reason=Refund.Reason.OTHER)
    assert not Refund.objects.exists() and not fake_stripe.calls("POST", "/v1/refunds")


def test_an_unpaid_order_cannot_be_refunded(shop, chloe, panier_account, fake_stripe):
    order = place(shop, chloe)
    with pytest.raises(PaymentRefused):
        order_refund(order=order, amount=D("1.00"), reason=Refund.Reason.OTHER)


def test_the_shortage_is_refunded_when_the_total_drops_after_the_charge(paid, fake_stripe):
    Order.objects.filter(pk=paid.pk).update(total_incl_vat=D("5.60"))  # one kg missing
    refund_lowered_total(
        Order, order_id=paid.pk, total_before=D("8.40"), total_after=D("5.60"), reason="shortage"
    )
    payment = payment_of(paid)
    assert payment.amount_refunded == D("2.80") and payment.status == S.SUCCEEDED
    assert payment.refunds.get().reason == Refund.Reason.SHORTAGE


def test_an_order_not_charged_yet_needs_no_refund(shop, chloe, panier_account, fake_stripe):
    order = place(shop, chloe)
    save_card(fake_stripe, order)
    refund_lowered_total(
        Order, order_id=order.pk, total_before=D("8.40"), total_after=D("5.60"), reason="weight"
    )
    assert not fake_stripe.calls("POST", "/v1/refunds")


def test_a_cancelled_paid_order_is_refunded_in_full(paid, fake_stripe):
    Order.objects.filter(pk=paid.pk).update(status=Order.Status.CANCELLED)
    refund = order_refund_shortages(order=paid)
    assert refund.reason == Refund.Reason.CANCELLATION and refund.amount == D("8.40")
    assert payment_of(paid).status == S.REFUNDED


def test_nothing_to_refund_when_the_total_did_not_drop(paid, fake_stripe):
    assert order_refund_shortages(order=paid) is None


def test_the_refund_webhook_agrees_with_our_own_record(paid, fake_stripe, webhooks):
    order_refund(order=paid, amount=D("1.00"), reason=Refund.Reason.SHORTAGE)
    webhooks.deliver_all()
    payment = payment_of(paid)
    assert payment.amount_refunded == D("1.00") and payment.refunds.count() == 1


def test_a_refund_that_fails_later_stays_failed_whatever_news_comes_late(
    paid, fake_stripe, webhooks, panier_account
):
    order_refund(order=paid, amount=D("1.00"), reason=Refund.Reason.SHORTAGE)
    webhooks.deliver_all()
    [stripe_refund] = [o for o in fake_stripe.objects.values() if o["object"] == "refund"]

    failed = {**stripe_refund, "status": "failed"}
    assert webhooks.post(fake_stripe.event("refund.failed", failed, panier_account))
    assert webhooks.post(fake_stripe.event("refund.updated", stripe_refund, panier_account))

    assert Refund.objects.get(stripe_refund_id=stripe_refund["id"]).status == "failed"


def test_a_refund_made_on_stripe_s_dashboard_is_taken_into_account(paid, fake_stripe, webhooks):
    fake_stripe.take_events()
    intent = payment_of(paid).payment_intent_id
    fake_stripe._post_refunds(
        [], {"payment_intent": intent, "amount": "840"}, payment_of(paid).account_id
    )
    webhooks.deliver_all()
    assert payment_of(paid).status == S.REFUNDED
    assert paid.payment_status == Order.PaymentStatus.REFUNDED


def test_the_admin_refunds_from_the_order_s_payment_page(
    paid, fake_stripe, panier, panier_client, alice
):
    login(panier_client, alice, panier)
    url = f"/gestion/abonnement/paiements/commandes/{paid.pk}/"
    response = panier_client.post(url, {"amount": "1,50", "reason": "shortage", "note": "poireaux"})
    assert response.status_code == 302
    assert payment_of(paid).amount_refunded == D("1.50")
    refused = panier_client.post(url, {"amount": "99", "reason": "shortage"})
    assert refused.status_code == 422 and payment_of(paid).amount_refunded == D("1.50")


def test_a_consumer_cannot_refund(paid, panier, panier_client, chloe):
    login(panier_client, chloe, panier)
    url = f"/gestion/abonnement/paiements/commandes/{paid.pk}/"
    assert panier_client.post(url, {"amount": "1", "reason": "other"}).status_code == 403
    assert payment_of(paid).amount_refunded == 0
