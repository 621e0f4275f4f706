"""The Stripe boundary: cents outside, Decimal inside, the official SDK against a local fake."""

from decimal import Decimal

import pytest

from billing import stripe_gateway as gateway
from tests.billing.fake_stripe import AUTH_REQUIRED, DECLINED, VISA


@pytest.mark.parametrize(
    ("euros", "cents"),
    [("0.01", 1), ("12.34", 1234), ("1500.00", 150000), ("0", 0), ("999999.99", 99999999)],
)
def test_amounts_cross_the_boundary_in_cents_and_back(euros, cents):
    assert gateway.to_cents(Decimal(euros)) == cents
    assert gateway.from_cents(cents) == Decimal(euros).quantize(Decimal("0.01"))


def test_floats_and_fractions_of_a_cent_never_reach_stripe():
    with pytest.raises(TypeError):
        gateway.to_cents(12.34)
    with pytest.raises(ValueError):
        gateway.to_cents(Decimal("12.345"))


def test_without_a_secret_key_online_payment_is_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert not gateway.is_configured()
    with pytest.raises(gateway.PaymentsNotConfigured):
        gateway.client()


def test_the_sdk_talks_to_the_local_fake_on_the_connected_account(fake_stripe):
    account = fake_stripe._post_accounts([], {}, None)["id"]
    customer = gateway.customer_create(
        email="chloe@example.fr", name="Chloé", metadata={}, idempotency_key="k1", account=account
    )
    intent = gateway.payment_intent_charge_saved_card(
        amount=Decimal("16.80"),
        customer=customer,
        payment_method=VISA,
        metadata={"order": "2026-000001"},
        idempotency_key="k2",
        account=account,
        application_fee=Decimal("0.17"),
    )
    assert intent.status == "succeeded" and intent.amount_received == Decimal("16.80")
    [call] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert call["account"] == account and call["idempotency_key"] == "k2"
    assert call["params"]["amount"] == "1680" and call["params"]["application_fee_amount"] == "17"


def test_the_same_idempotency_key_never_charges_twice(fake_stripe):
    customer = gateway.customer_create(email="a@b.fr", name="", metadata={}, idempotency_key="c")
    first, second = (
        gateway.payment_intent_charge_saved_card(
            amount=Decimal("5.00"),
            customer=customer,
            payment_method=VISA,
            metadata={},
            idempotency_key="same",
        )
        for _ in range(2)
    )
    assert first.id == second.id
    assert len([o for o in fake_stripe.objects.values() if o["object"] == "charge"]) == 1


@pytest.mark.parametrize(
    ("method", "code", "authentication"),
    [(AUTH_REQUIRED, "authentication_required", True), (DECLINED, "card_declined", False)],
)
def test_a_refused_card_says_why_and_which_intent(fake_stripe, method, code, authentication):
    customer = gateway.customer_create(email="a@b.fr", name="", metadata={}, idempotency_key="c")
    with pytest.raises(gateway.CardRefused) as refused:
        gateway.payment_intent_charge_saved_card(
            amount=Decimal("5.00"),
            customer=customer,
            payment_method=method,
            metadata={},
            idempotency_key=method,
        )
    assert refused.value.code == code
    assert refused.value.needs_authentication is authentication
    assert refused.value.intent.id.startswith("pi_")


def test_the_secret_key_is_never_logged(fake_stripe, caplog, settings):
    caplog.set_level("DEBUG")
    gateway.customer_create(email="a@b.fr", name="", metadata={}, idempotency_key="log")
    assert settings.STRIPE_SECRET_KEY not in caplog.text
