"""Unpaid provider invoices: reminders, a grace period, then a read-only shop until paid."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from billing.models import Subscription
from billing.provider.access import GRACE_DAYS, shop_is_read_only
from billing.provider.collection import provider_invoice_mark_paid
from billing.provider.dunning import dunning_run
from billing.provider.invoicing import provider_invoice_issue
from billing.provider.models import ProviderInvoice
from maintenance.models import AuditEntry
from tests.billing.conftest import subscribe
from tests.conftest import login


@pytest.fixture
def unpaid(panier, alice):
    panier.contact_email = "contact@panier-des-pres.fr"
    panier.save(update_fields=["contact_email"])
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=date(2026, 3, 1))
    return invoice


def run(invoice, days_late):
    return dunning_run(today=invoice.due_on + timedelta(days=days_late))


def test_reminders_go_one_seven_and_fourteen_days_late(unpaid):
    mail.outbox.clear()
    assert run(unpaid, 0) == {"reminders": 0, "read_only": 0}
    assert run(unpaid, 1)["reminders"] == 1
    assert run(unpaid, 2)["reminders"] == 0
    assert run(unpaid, 7)["reminders"] == 1
    assert run(unpaid, 14)["reminders"] == 1
    assert len(mail.outbox) == 3
    assert set(mail.outbox[0].to) == {"contact@panier-des-pres.fr", "alice@panier-des-pres.fr"}
    assert unpaid.number in mail.outbox[0].subject


def test_a_missed_day_does_not_send_a_burst_of_reminders(unpaid):
    mail.outbox.clear()
    run(unpaid, 9)  # the job did not run on days 1 to 8
    assert len(mail.outbox) == 1
    unpaid.refresh_from_db()
    assert unpaid.reminders_sent == 2


def test_past_the_grace_period_the_shop_turns_read_only(unpaid, panier):
    run(unpaid, GRACE_DAYS)
    assert not shop_is_read_only(panier)
    assert run(unpaid, GRACE_DAYS + 1)["read_only"] == 1
    assert shop_is_read_only(panier)
    assert AuditEntry.objects.filter(collective=panier, action="shop_read_only").exists()


def test_paying_reopens_the_shop_at_once(unpaid, panier):
    run(unpaid, 30)
    provider_invoice_mark_paid(invoice=unpaid, reference="VIR 2026-04", by="staff@groupage.fr")
    assert not shop_is_read_only(panier)
    assert Subscription.objects.get(collective=panier).read_only_since is None
    assert AuditEntry.objects.filter(collective=panier, action="shop_reactivated").exists()


def test_a_card_invoice_is_charged_again_before_a_reminder(panier, fake_stripe):
    subscribe(panier, collection="stripe", payment_method_id="pm_card_chargeDeclined")
    invoice = provider_invoice_issue(collective=panier, month=date(2026, 3, 1))
    Subscription.objects.filter(collective=panier).update(payment_method_id="pm_card_visa")
    mail.outbox.clear()
    run(invoice, 1)
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.PAID and not mail.outbox


@pytest.fixture
def read_only_shop(unpaid, shop):
    run(unpaid, 30)
    return shop


def test_consumers_see_the_read_only_shop_but_cannot_order(
    read_only_shop, panier, panier_client, chloe
):
    shop = read_only_shop
    login(panier_client, chloe, panier)
    assert panier_client.get("/").status_code == 200
    response = panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "1"}
    )
    assert response.status_code == 503
    assert panier_client.get("/commande/").status_code == 503
    assert panier_client.post("/commande/", {}).status_code == 503


def test_admins_keep_their_back_office_to_pay_and_export(
    read_only_shop, panier, panier_client, alice
):
    login(panier_client, alice, panier)
    assert panier_client.get("/gestion/").status_code == 200
    page = panier_client.get("/gestion/abonnement/")
    assert page.status_code == 200 and read_only_shop is not None
    assert "/gestion/abonnement/factures/" in page.content.decode()


def test_another_collective_is_not_affected(read_only_shop, bocage):
    assert not shop_is_read_only(bocage)


def test_the_webhook_of_a_paid_invoice_reopens_the_shop(
    read_only_shop, panier, webhooks, fake_stripe
):
    invoice = ProviderInvoice.objects.get(collective=panier)
    event = fake_stripe.event(
        "payment_intent.succeeded",
        {
            "id": "pi_invoice",
            "object": "payment_intent",
            "status": "succeeded",
            "amount": 30000,
            "amount_received": 30000,
            "metadata": {"kind": "provider_invoice", "invoice": invoice.number},
        },
    )
    assert webhooks.post(event).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.PAID and invoice.paid_reference == "pi_invoice"
    assert not shop_is_read_only(panier)
    assert invoice.total_incl_vat == Decimal("300.00")
