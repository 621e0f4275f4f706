"""The yearly membership (adhésion): asked before a first order, online or at pickup."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from billing.payments.membership import (
    membership_event,
    membership_pay_online,
    membership_promise,
    membership_record_payment,
    renewal_reminders,
)
from billing.payments.models import Membership, PaymentSettings
from billing.payments.services.common import PaymentRefused
from tests.conftest import login

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def asks_membership(in_panier):
    PaymentSettings.objects.update_or_create(
        pk=1, defaults={"membership_required": True, "membership_amount": Decimal("12.00")}
    )


@pytest.fixture
def basket(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "2"}
    )
    return panier_client


def test_checkout_asks_the_membership_first(basket, asks_membership):
    response = basket.get("/commande/")
    assert response.status_code == 302
    assert response["Location"].startswith("/paiement/adhesion/?next=")


def test_without_a_membership_required_checkout_is_open(basket, in_panier):
    assert basket.get("/commande/").status_code == 200


def test_promising_to_pay_at_pickup_lets_the_consumer_order(basket, asks_membership, chloe):
    response = basket.post("/paiement/adhesion/", {"mode": "pickup", "next": "/commande/"})
    assert response["Location"] == "/commande/"
    membership = Membership.objects.get(user=chloe)
    assert membership.status == Membership.Status.DUE and membership.amount == Decimal("12.00")
    assert basket.get("/commande/").status_code == 200


def test_paying_the_membership_online(
    basket, asks_membership, chloe, panier_account, fake_stripe, webhooks
):
    membership, secret = membership_pay_online(user=chloe)
    assert secret.startswith(membership.payment_intent_id)
    [call] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert call["account"] == panier_account and call["params"]["amount"] == "1200"
    assert basket.get("/commande/").status_code == 302  # not paid yet
    fake_stripe.confirm_payment(membership.payment_intent_id)
    webhooks.deliver_all()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID and membership.mode == "online"
    assert basket.get("/commande/").status_code == 200


def test_the_membership_page_offers_online_payment_when_available(
    basket, asks_membership, panier_account, fake_stripe
):
    body = basket.get("/paiement/adhesion/").content.decode()
    assert 'value="online"' in body and 'value="pickup"' in body
    response = basket.get("/paiement/adhesion/en-ligne/?next=/commande/")
    assert response.status_code == 200 and "js.stripe.com" in response["Content-Security-Policy"]


def test_coming_back_from_stripe_after_paying(
    basket, asks_membership, chloe, panier_account, fake_stripe
):
    membership, _secret = membership_pay_online(user=chloe)
    fake_stripe.confirm_payment(membership.payment_intent_id)
    response = basket.get(
        f"/paiement/adhesion/retour/?next=/commande/&payment_intent={membership.payment_intent_id}"
    )
    assert response["Location"] == "/commande/"
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID


def test_a_paid_membership_is_not_paid_twice(asks_membership, chloe, panier_account, fake_stripe):
    membership, _secret = membership_pay_online(user=chloe)
    fake_stripe.confirm_payment(membership.payment_intent_id)
    membership_record_payment(membership=membership, mode="cash", by=None)
    with pytest.raises(PaymentRefused):
        membership_pay_online(user=chloe)


def test_the_admin_records_a_membership_paid_at_pickup(
    asks_membership, panier, panier_client, alice, chloe
):
    membership = membership_promise(user=chloe)
    login(panier_client, alice, panier)
    assert (
        "chloe@example.fr" in panier_client.get("/gestion/abonnement/adhesions/").content.decode()
    )
    panier_client.post(
        f"/gestion/abonnement/adhesions/{membership.pk}/encaisser/", {"mode": "cheque"}
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID and membership.mode == "cheque"
    assert membership.recorded_by == alice


def test_a_consumer_cannot_record_their_own_membership(
    asks_membership, panier, panier_client, chloe
):
    membership = membership_promise(user=chloe)
    login(panier_client, chloe, panier)
    response = panier_client.post(
        f"/gestion/abonnement/adhesions/{membership.pk}/encaisser/", {"mode": "cash"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DUE


def test_last_year_s_members_are_reminded_once_in_january(asks_membership, chloe, alice):
    Membership.objects.create(user=chloe, year=2026, amount=Decimal("12"), status="paid")
    Membership.objects.create(user=alice, year=2026, amount=Decimal("12"), status="paid")
    Membership.objects.create(user=alice, year=2027, amount=Decimal("12"), status="paid")
    mail.outbox.clear()
    with time_machine.travel(datetime(2027, 1, 4, 9, tzinfo=PARIS)):
        assert renewal_reminders() == 1
        assert renewal_reminders() == 0
    [message] = mail.outbox
    assert message.to == ["chloe@example.fr"] and "/paiement/adhesion/" in message.body


def test_the_year_turns_in_the_collective_s_time_zone(asks_membership, chloe):
    # 31 December, 23:30 in Paris is already 2027 in no zone but is still 2026 here.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=PARIS)):
        assert membership_promise(user=chloe).year == 2026


def test_a_card_payment_landing_after_cash_at_pickup_is_refunded_once(
    asks_membership, chloe, alice, panier, panier_client, panier_account, fake_stripe, webhooks
):
    """Chloé started paying online, gave up, promised to pay at pickup and paid
    cash; then her bank confirmed the card payment after all."""
    membership, _secret = membership_pay_online(user=chloe)
    membership_promise(user=chloe)
    membership_record_payment(membership=membership, mode="cash", by=alice)

    fake_stripe.confirm_payment(membership.payment_intent_id)
    [event] = [e for e in webhooks.deliver_all() if e["type"] == "payment_intent.succeeded"]
    # Handled again (a replay by the staff, a retry): the idempotency key keeps it one refund.
    assert "refunded" in membership_event(event["type"], event["data"]["object"], None)

    refunds = [o for o in fake_stripe.objects.values() if o["object"] == "refund"]
    assert [(r["payment_intent"], r["amount"]) for r in refunds] == [
        (membership.payment_intent_id, 1200)
    ]
    assert fake_stripe.calls("POST", "/v1/refunds")[0]["account"] == panier_account
    membership.refresh_from_db()
    assert (membership.status, membership.mode) == ("paid", "cash")
    assert membership.card_refund_asked_at is not None
    login(panier_client, alice, panier)
    members = panier_client.get("/gestion/abonnement/adhesions/").content.decode()
    assert "Paiement par carte fait en plus : remboursé" in members  # the admins see why


def test_a_membership_card_refund_that_fails_later_asks_the_admins_to_pay_back(
    asks_membership, chloe, alice, panier, panier_client, panier_account, fake_stripe, webhooks
):
    membership, _secret = membership_pay_online(user=chloe)
    membership_promise(user=chloe)
    membership_record_payment(membership=membership, mode="cash", by=alice)
    fake_stripe.confirm_payment(membership.payment_intent_id)
    webhooks.deliver_all()  # the card payment lands, is refunded: refund.created, succeeded
    [refund] = [o for o in fake_stripe.objects.values() if o["object"] == "refund"]

    # Days later the member's card turns out closed: Stripe says the refund failed.
    failed = fake_stripe.event("refund.failed", {**refund, "status": "failed"}, panier_account)
    assert webhooks.post(failed).status_code == 200
    # A late copy of the first news does not undo it.
    assert webhooks.post(fake_stripe.event("refund.created", refund, panier_account))

    membership.refresh_from_db()
    assert (membership.card_refund_id, membership.card_refund_status) == (refund["id"], "failed")
    login(panier_client, alice, panier)
    members = panier_client.get("/gestion/abonnement/adhesions/").content.decode()
    assert "a échoué. Rendez l'argent au membre autrement." in members


def test_cash_taken_at_pickup_after_the_card_went_through_is_refused(asks_membership, chloe, alice):
    from billing.payments.membership import membership_record_at_pickup

    membership = membership_promise(user=chloe)
    Membership.objects.filter(pk=membership.pk).update(status="paid", mode="online")

    with (
        translation.override("en"),
        pytest.raises(PaymentRefused, match="paid online already: give the money back"),
    ):
        membership_record_at_pickup(user=chloe, mode="cash", by=alice, distribution=None)
