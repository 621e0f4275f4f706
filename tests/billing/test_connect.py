"""Connecting the collective's own Stripe account, and its payment settings."""

import pytest
from django_tenants.utils import tenant_context

from billing.events.models import ConnectedAccount
from billing.payments.models import PaymentSettings
from tests.conftest import login


@pytest.fixture
def admin_client(panier, panier_client, alice):
    return login(panier_client, alice, panier)


def test_connecting_creates_the_account_and_sends_the_admin_to_stripe(
    admin_client, fake_stripe, panier
):
    response = admin_client.post("/gestion/abonnement/paiements/stripe/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://connect.stripe.com/setup/")
    with tenant_context(panier):
        account = PaymentSettings.load().connected_account_id
    assert account.startswith("acct_")
    assert ConnectedAccount.objects.get(account_id=account).collective == panier
    [link] = fake_stripe.calls("POST", "/v1/account_links")
    assert link["params"]["return_url"].endswith("/gestion/abonnement/paiements/stripe/retour/")


def test_coming_back_from_stripe_turns_payments_on_once_stripe_agrees(
    admin_client, fake_stripe, panier
):
    admin_client.post("/gestion/abonnement/paiements/stripe/")
    admin_client.get("/gestion/abonnement/paiements/stripe/retour/")
    with tenant_context(panier):
        row = PaymentSettings.load()
        assert not row.charges_enabled
    fake_stripe.complete_onboarding(row.connected_account_id)
    admin_client.get("/gestion/abonnement/paiements/stripe/retour/")
    with tenant_context(panier):
        assert PaymentSettings.load().charges_enabled


def test_connecting_twice_keeps_one_account(admin_client, fake_stripe):
    admin_client.post("/gestion/abonnement/paiements/stripe/")
    admin_client.post("/gestion/abonnement/paiements/stripe/")
    assert len(fake_stripe.calls("POST", "/v1/accounts")) == 1
    assert ConnectedAccount.objects.count() == 1


def test_without_stripe_keys_connecting_says_so(admin_client, settings, panier):
    settings.STRIPE_SECRET_KEY = ""
    response = admin_client.post("/gestion/abonnement/paiements/stripe/")
    assert response["Location"] == "/gestion/abonnement/paiements/"
    assert not ConnectedAccount.objects.exists()


def test_the_admin_chooses_the_ways_to_pay(admin_client, panier):
    response = admin_client.post(
        "/gestion/abonnement/paiements/",
        {
            "pay_at_pickup": "on",
            "accepts_cash": "on",
            "pay_online": "on",
            "membership_required": "on",
            "membership_amount": "7,50",
        },
    )
    assert response.status_code == 302
    with tenant_context(panier):
        row = PaymentSettings.load()
    assert row.pay_online and row.accepts_cash and not row.accepts_cheque
    assert row.membership_required and str(row.membership_amount) == "7.50"


def test_no_way_to_pay_is_refused(admin_client, panier):
    response = admin_client.post("/gestion/abonnement/paiements/", {"membership_amount": "10"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    with tenant_context(panier):
        assert PaymentSettings.load().pay_at_pickup


def test_consumers_and_other_collectives_admins_cannot_change_payments(
    panier, panier_client, chloe, bocage, denis
):
    login(panier_client, chloe, panier)
    assert panier_client.post("/gestion/abonnement/paiements/", {}).status_code == 403
    assert panier_client.post("/gestion/abonnement/paiements/stripe/").status_code == 403
