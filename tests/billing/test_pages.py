"""Billing pages: the collective's subscription page and the staff console's revenue."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from billing.events.models import StripeEvent
from billing.models import Plan, Subscription
from billing.provider.invoicing import provider_invoice_issue
from billing.provider.models import MonthlyUsage, PlanChange, ProviderInvoice
from billing.provider.selectors import revenue
from tests.billing.conftest import subscribe
from tests.conftest import login

D = Decimal
MARCH = date(2026, 3, 1)


@pytest.fixture
def staff(db):
    from groupage.accounts.models import User

    connection.set_schema_to_public()
    return User.objects.create_user(email="staff@groupage.fr", password="x" * 12, is_staff=True)


@pytest.fixture
def staff_client(platform_client, staff):
    platform_client.force_login(staff)
    return platform_client


# --- The collective's admin ------------------------------------------------------------------


def test_the_admin_sees_plan_usage_invoices_and_payment_method(panier, panier_client, alice):
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=MARCH)
    login(panier_client, alice, panier)
    body = panier_client.get("/gestion/abonnement/").content.decode()
    assert "Forfait test" in body and invoice.number in body
    assert "/gestion/abonnement/carte/" in body


def test_the_subscription_page_works_without_a_plan(panier, panier_client, alice):
    login(panier_client, alice, panier)
    assert panier_client.get("/gestion/abonnement/").status_code == 200


def test_the_admin_downloads_the_invoice_pdf(panier, panier_client, alice):
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=MARCH)
    login(panier_client, alice, panier)
    response = panier_client.get(f"/gestion/abonnement/factures/{invoice.number}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_another_collective_s_invoice_is_not_found(panier, bocage, bocage_client, denis):
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=MARCH)
    login(bocage_client, denis, bocage)
    assert (
        bocage_client.get(f"/gestion/abonnement/factures/{invoice.number}.pdf").status_code == 404
    )
    assert (
        bocage_client.get(f"/gestion/abonnement/factures/{invoice.number}/payer/").status_code
        == 404
    )


def test_consumers_do_not_see_the_subscription(panier, panier_client, chloe):
    login(panier_client, chloe, panier)
    assert panier_client.get("/gestion/abonnement/").status_code == 403


def test_the_admin_changes_plan(panier, panier_client, alice):
    subscription = subscribe(panier)
    other = Plan.objects.get(slug="decouverte")
    login(panier_client, alice, panier)
    panier_client.post("/gestion/abonnement/formule/", {"plan": other.pk})
    subscription.refresh_from_db()
    assert subscription.plan == other
    change = PlanChange.objects.get(subscription=subscription)
    assert change.to_plan == other and change.by == "alice@panier-des-pres.fr"


def test_a_plan_no_longer_on_offer_cannot_be_chosen(panier, panier_client, alice):
    subscription = subscribe(panier)
    hidden = Plan.objects.create(name="Caché", slug="cache", yearly_flat_fee=D("1"), active=False)
    login(panier_client, alice, panier)
    panier_client.post("/gestion/abonnement/formule/", {"plan": hidden.pk})
    subscription.refresh_from_db()
    assert subscription.plan != hidden


def test_the_pickup_money_list_shows_what_is_still_due(
    panier, panier_client, alice, shop, chloe, panier_account, fake_stripe
):
    from billing.payments.membership import membership_promise
    from billing.payments.models import PaymentSettings
    from tests.billing.conftest import place, save_card
    from tests.conftest import make_user

    PaymentSettings.objects.filter(pk=1).update(membership_amount=D("8.00"))
    bob = make_user(panier, "bob@example.fr", first_name="Bob")
    online = place(shop, chloe, carrots=3)
    save_card(fake_stripe, online)
    place(shop, bob, carrots=2)  # 5,60 at pickup
    membership_promise(user=bob)
    login(panier_client, alice, panier)
    distribution = online.distribution
    body = panier_client.get(f"/gestion/abonnement/a-encaisser/?distribution={distribution.pk}")
    text = body.content.decode()
    assert "13,60" in text  # 5,60 + 8,00 membership; Chloé pays online later


# --- The provider's staff ------------------------------------------------------------------------


def test_revenue_per_collective_and_monthly_recurring_revenue(panier, bocage):
    subscribe(panier)  # 1 200 € a year: 100 € a month
    share = Plan.objects.create(
        name="Part", slug="part", revenue_percent=D("2"), floor=D("120"), cap=D("1200")
    )
    subscribe(bocage, share)
    MonthlyUsage.objects.create(collective=bocage, month=MARCH, turnover=D("3000"))
    provider_invoice_issue(collective=panier, month=MARCH)
    figures = revenue(today=date(2026, 4, 10))
    by_name = {row.collective.name: row for row in figures.rows}
    assert by_name["Bocage Paysan"].monthly_fee == D("60.00")
    assert by_name["Panier des Prés"].monthly_fee == D("100.00")
    assert figures.mrr == D("160.00")
    assert by_name["Panier des Prés"].invoiced_12_months == D("250.00")
    assert by_name["Panier des Prés"].outstanding == D("300.00")


def test_the_revenue_page_is_for_staff_only(platform_client, db):
    from groupage.accounts.models import User

    response = platform_client.get("/console/facturation/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    connection.set_schema_to_public()
    someone = User.objects.create_user(email="someone@example.fr", password="x" * 12)
    platform_client.force_login(someone)
    assert platform_client.get("/console/facturation/").status_code == 403


def test_staff_see_revenue_and_mark_a_transfer_paid(staff_client, panier):
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=MARCH)
    page = staff_client.get("/console/facturation/")
    assert page.status_code == 200 and invoice.number in page.content.decode()
    staff_client.post(
        f"/console/facturation/factures/{invoice.number}/payee/", {"reference": "VIR-42"}
    )
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.PAID and invoice.paid_reference == "VIR-42"
    assert (
        staff_client.get(f"/console/facturation/factures/{invoice.number}.pdf").content[:4]
        == b"%PDF"
    )


def test_staff_define_plans_within_the_rules(staff_client):
    data = {
        "name": "Territoire",
        "slug": "territoire",
        "setup_fee": "1500",
        "revenue_percent": "3",
        "reduced_percent": "1,5",
        "reduced_months": "6",
        "floor": "300",
        "cap": "2400",
        "application_fee_percent": "0,5",
        "position": "3",
        "active": "on",
    }
    assert staff_client.post("/console/facturation/formules/nouvelle/", data).status_code == 302
    plan = Plan.objects.get(slug="territoire")
    assert plan.reduced_percent == D("1.5") and plan.application_fee_percent == D("0.5")
    refused = staff_client.post(
        "/console/facturation/formules/nouvelle/", {**data, "slug": "cher", "setup_fee": "1600"}
    )
    assert refused.status_code == 200 and not Plan.objects.filter(slug="cher").exists()
    inverted = staff_client.post(
        "/console/facturation/formules/nouvelle/", {**data, "slug": "inv", "floor": "3000"}
    )
    assert inverted.status_code == 200 and not Plan.objects.filter(slug="inv").exists()


def test_staff_change_a_collective_s_plan(staff_client, panier):
    subscription = subscribe(panier)
    plan = Plan.objects.get(slug="collectif")
    staff_client.post(
        f"/console/facturation/abonnements/{subscription.pk}/formule/", {"plan": plan.pk}
    )
    assert Subscription.objects.get(pk=subscription.pk).plan == plan


def test_staff_replay_a_failed_event(staff_client, fake_stripe):
    event = fake_stripe.event(
        "payment_intent.succeeded",
        {"id": "pi_x", "object": "payment_intent"},
        account="acct_nobody",
    )
    from billing.events.services import event_process, event_store

    stored = event_process(event_store(event))
    assert stored.error
    assert "acct_nobody" in staff_client.get("/console/facturation/evenements/").content.decode()
    staff_client.post(f"/console/facturation/evenements/{stored.pk}/")
    assert StripeEvent.objects.get(pk=stored.pk).attempts == 2
