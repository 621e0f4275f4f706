"""The provider's monthly invoices: turnover from each collective's orders, gapless numbers."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from billing.models import Plan
from billing.provider.invoicing import next_number, provider_invoice_issue
from billing.provider.models import InvoiceSeries, MonthlyUsage, ProviderInvoice
from billing.provider.pdf import provider_invoice_pdf
from billing.provider.turnover import usage_record
from billing.tasks import invoice_last_month
from shop.cycles.models import Distribution
from shop.orders.models import Order
from shop.orders.services import order_cancel
from tests.billing.conftest import place, subscribe
from tests.conftest import make_user

D = Decimal
PARIS = ZoneInfo("Europe/Paris")
MARCH = date(2026, 3, 1)


@pytest.fixture
def march_orders(shop, chloe, panier):
    """Three orders distributed in March (one cancelled) and one in April, in Panier."""
    bob = make_user(panier, "bob@example.fr")
    eve = make_user(panier, "eve@example.fr")
    kept = [place(shop, chloe, carrots=3), place(shop, bob, carrots=2)]  # 8,40 + 5,60
    cancelled = place(shop, eve, carrots=1)
    order_cancel(order=cancelled)
    Distribution.objects.filter(cycle=shop.cycle).update(date=date(2026, 3, 19))
    Order.objects.filter(pk=kept[1].pk).update(status=Order.Status.COLLECTED)
    return kept


def test_the_month_s_turnover_counts_live_and_collected_orders_distributed_in_it(
    march_orders, panier
):
    usage = usage_record(collective=panier, month=MARCH)
    assert usage.turnover == D("14.00") and usage.orders == 2
    assert usage_record(collective=panier, month=date(2026, 4, 1)).turnover == D("0.00")
    assert MonthlyUsage.objects.filter(collective=panier).count() == 2


def test_turnover_is_read_in_each_collective_s_own_schema(march_orders, panier, bocage):
    assert usage_record(collective=bocage, month=MARCH).turnover == D("0.00")
    assert connection.schema_name == "public" or connection.schema_name == panier.schema_name


def test_a_share_of_turnover_invoice_with_vat_at_20_percent(march_orders, panier):
    plan = Plan.objects.create(
        name="Part", slug="part", revenue_percent=D("10"), setup_fee=D("300"), floor=D("0")
    )
    subscribe(panier, plan)
    invoice = provider_invoice_issue(
        collective=panier, month=MARCH, now=datetime(2026, 4, 1, 4, tzinfo=PARIS)
    )
    lines = list(invoice.lines.all())
    assert [line.amount_excl_vat for line in lines] == [D("300.00"), D("1.40")]  # 10 % of 14 €
    assert "03/2026" in lines[1].label
    assert invoice.total_excl_vat == D("301.40")
    assert invoice.total_vat == D("60.28") and invoice.total_incl_vat == D("361.68")
    assert invoice.number.startswith("P2026-") and invoice.turnover == D("14.00")
    assert invoice.due_on == date(2026, 4, 16)  # bank transfer: 15 days


def test_a_month_is_invoiced_once_and_the_set_up_fee_once(panier):
    subscribe(panier)
    first = provider_invoice_issue(collective=panier, month=MARCH)
    assert provider_invoice_issue(collective=panier, month=MARCH) == first
    april = provider_invoice_issue(collective=panier, month=date(2026, 4, 1))
    assert first.total_excl_vat == D("250.00")  # 150 set-up + 100 hosting
    assert april.total_excl_vat == D("100.00")
    assert ProviderInvoice.objects.filter(collective=panier).count() == 2


def test_numbers_follow_each_other_across_collectives(panier, bocage):
    subscribe(panier)
    subscribe(bocage)
    numbers = [
        provider_invoice_issue(
            collective=c, month=MARCH, now=datetime(2026, 4, 1, tzinfo=PARIS)
        ).number
        for c in (panier, bocage)
    ]
    first = int(numbers[0].rsplit("-", 1)[1])
    assert numbers[1] == f"P2026-{first + 1:05d}"


def test_a_collective_without_subscription_gets_no_invoice(panier):
    assert provider_invoice_issue(collective=panier, month=MARCH) is None


def test_nothing_owed_means_no_invoice(panier):
    subscribe(panier, Plan.objects.create(name="Libre", slug="libre", revenue_percent=D("2")))
    assert provider_invoice_issue(collective=panier, month=MARCH) is None


@pytest.fixture
def committed_series(django_db_blocker):
    yield "P2999"
    with django_db_blocker.unblock():
        InvoiceSeries.objects.filter(code="P2999").delete()


def test_numbers_have_no_gap_and_no_duplicate_when_issued_side_by_side(committed_series, db):
    from django.db import connections, transaction

    taken, errors = [], []

    def take():
        try:
            for _ in range(5):
                with transaction.atomic():
                    taken.append(next_number(2999))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(taken) == [f"P2999-{n:05d}" for n in range(1, 31)]


def test_the_pdf_carries_the_invoice(march_orders, panier):
    subscribe(panier)
    invoice = provider_invoice_issue(collective=panier, month=MARCH)
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(provider_invoice_pdf(invoice))).pages
    )
    assert invoice.number in text
    assert "250,00" in text and "50,00" in text and "300,00" in text  # 250 + 20 % VAT
    assert "Panier des Prés" in text


def test_the_monthly_job_invoices_last_month_for_every_subscription(panier, bocage):
    import time_machine

    subscribe(panier)
    subscribe(bocage)
    with time_machine.travel(datetime(2026, 5, 1, 4, tzinfo=PARIS)):
        assert invoice_last_month() == 2
        assert invoice_last_month() == 2  # the same invoices, not new ones
    assert set(ProviderInvoice.objects.values_list("period_start", flat=True)) == {date(2026, 4, 1)}
    assert ProviderInvoice.objects.count() == 2


def test_the_collective_s_card_pays_the_invoice_as_soon_as_issued(
    panier, fake_stripe, django_capture_on_commit_callbacks
):
    subscribe(panier, collection="stripe", stripe_customer_id="", payment_method_id="pm_card_visa")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = provider_invoice_issue(collective=panier, month=MARCH)
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.PAID and invoice.collection == "stripe"
    [charge] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert charge["account"] is None  # the platform's own account, not a connected one
    assert charge["params"]["amount"] == "30000" and charge["params"]["off_session"] == "true"
    assert charge["params"]["metadata"]["invoice"] == invoice.number


def test_a_declined_card_leaves_the_invoice_open_with_the_reason(
    panier, fake_stripe, django_capture_on_commit_callbacks
):
    subscribe(panier, collection="stripe", payment_method_id="pm_card_chargeDeclined")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = provider_invoice_issue(collective=panier, month=MARCH)
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.OPEN
    assert "declined" in invoice.payment_error and invoice.payment_intent_id


def test_paying_a_refused_invoice_by_card_from_the_back_office(
    panier, panier_client, alice, fake_stripe, webhooks, django_capture_on_commit_callbacks
):
    from tests.conftest import login

    subscribe(panier, collection="stripe", payment_method_id="pm_card_authenticationRequired")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = provider_invoice_issue(collective=panier, month=MARCH)
    login(panier_client, alice, panier)
    page = panier_client.get(f"/gestion/abonnement/factures/{invoice.number}/payer/")
    invoice.refresh_from_db()
    assert f'data-client-secret="{invoice.payment_intent_id}_secret_' in page.content.decode()
    assert 'data-account=""' in page.content.decode()
    fake_stripe.take_events()
    fake_stripe.confirm_payment(invoice.payment_intent_id)
    webhooks.deliver_all()  # the platform's own events: no account
    invoice.refresh_from_db()
    assert invoice.status == ProviderInvoice.Status.PAID


def test_saving_the_collective_s_card_for_invoices(panier, panier_client, alice, fake_stripe):
    from billing.models import Subscription
    from tests.conftest import login

    subscribe(panier)
    login(panier_client, alice, panier)
    page = panier_client.get("/gestion/abonnement/carte/")
    assert page.status_code == 200 and "js.stripe.com" in page["Content-Security-Policy"]
    [setup] = fake_stripe.calls("POST", "/v1/setup_intents")
    assert setup["account"] is None
    intent = next(o for o in fake_stripe.objects.values() if o["object"] == "setup_intent")
    fake_stripe.confirm_setup(intent["id"])
    panier_client.get(f"/gestion/abonnement/carte/retour/?setup_intent={intent['id']}")
    subscription = Subscription.objects.get(collective=panier)
    assert subscription.collection == "stripe" and subscription.payment_method_id == "pm_card_visa"
    panier_client.post("/gestion/abonnement/virement/")
    subscription.refresh_from_db()
    assert subscription.collection == "transfer"


def test_turnover_excludes_other_months(shop, chloe, panier):
    place(shop, chloe)
    Distribution.objects.filter(cycle=shop.cycle).update(date=date(2026, 2, 28))
    assert usage_record(collective=panier, month=MARCH).turnover == 0
    with tenant_context(panier):
        assert Order.objects.count() == 1
    assert (date(2026, 3, 1) - timedelta(days=1)).month == 2
