"""Invoicing pages: consumers, producers and admins each see what is theirs."""

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from shop.invoicing.models import Invoice, InvoicingSettings, PickupPointCommission
from shop.invoicing.services import cycle_invoices_issue
from tests.conftest import host_of, login, make_user

from .conftest import place


def client_for(collective) -> Client:
    return Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en")


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def issued(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    return closed


@pytest.fixture
def chloe_client(panier, chloe):
    return login(client_for(panier), chloe, panier)


@pytest.fixture
def alice_client(panier, alice):
    return login(client_for(panier), alice, panier)


@pytest.fixture
def bruno_client(panier, market):
    user = make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")
    market.bruno.user = user
    market.bruno.save()
    return login(client_for(panier), user, panier)


# --- Consumers ---------------------------------------------------------------------


def test_a_consumer_downloads_one_receipt_gathering_their_order_invoices(issued, chloe_client):
    response = chloe_client.get(reverse("my_invoices:order", args=[issued.chloe_order.number]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for invoice in Invoice.objects.filter(order=issued.chloe_order):
        assert invoice.number in text


def test_the_order_page_offers_the_invoices_once_issued(market, chloe_client, alice):
    url = reverse("storefront:order", args=[market.chloe_order.number])
    assert "Download my invoices" not in chloe_client.get(url).content.decode()

    market.close()
    cycle_invoices_issue(cycle=market.cycle, by=alice)
    page = chloe_client.get(url).content.decode()
    assert "Download my invoices" in page
    assert reverse("my_invoices:order", args=[market.chloe_order.number]) in page


def test_an_order_not_invoiced_yet_sends_back_to_the_order_with_a_word(market, chloe_client):
    response = chloe_client.get(reverse("my_invoices:order", args=[market.chloe_order.number]))
    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:order", args=[market.chloe_order.number])


def test_a_consumer_lists_their_invoices_by_order(issued, chloe_client):
    page = chloe_client.get(reverse("my_invoices:list")).content.decode()
    assert issued.chloe_order.number in page
    assert issued.bistrot_order.number not in page


def test_nobody_else_sees_a_consumers_invoices(issued, panier, chloe_client):
    bistrot = login(client_for(panier), issued.bistrot, panier)
    theirs = Invoice.objects.filter(order=issued.chloe_order).first()

    assert (
        bistrot.get(reverse("my_invoices:order", args=[issued.chloe_order.number])).status_code
        == 404
    )
    assert bistrot.get(reverse("my_invoices:pdf", args=[theirs.pk])).status_code == 404
    assert bistrot.get(reverse("my_invoices:pdf", args=[999999])).status_code == 404
    assert chloe_client.get(reverse("my_invoices:pdf", args=[theirs.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(issued, panier):
    response = client_for(panier).get(reverse("my_invoices:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Producers -----------------------------------------------------------------------


def test_a_producer_sees_and_downloads_their_own_invoices(issued, bruno_client):
    page = bruno_client.get(reverse("producer_space:invoicing:invoices")).content.decode()
    mine = Invoice.objects.filter(producer=issued.bruno)
    for invoice in mine:
        assert invoice.number in page
    assert not any(i.number in page for i in Invoice.objects.filter(producer=issued.gaelle))

    response = bruno_client.get(reverse("producer_space:invoicing:invoice_pdf", args=[mine[0].pk]))
    assert response.status_code == 200


def test_a_producer_cannot_open_another_producers_invoice(issued, bruno_client):
    other = Invoice.objects.filter(producer=issued.gaelle).first()
    url = reverse("producer_space:invoicing:invoice_pdf", args=[other.pk])
    assert bruno_client.get(url).status_code == 404
    assert bruno_client.get(url + f"?producer={issued.gaelle.pk}").status_code == 404


def test_a_producer_downloads_their_sales_journal(issued, bruno_client):
    response = bruno_client.get(reverse("producer_space:invoicing:journal"))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Ferme des Prés" in text and "Miellerie" not in text.split("\n", 1)[1].split(";")[3]


def test_an_admin_works_in_a_producers_invoices_with_producer_in_the_query(issued, alice_client):
    url = reverse("producer_space:invoicing:invoices") + f"?producer={issued.gaelle.pk}"
    page = alice_client.get(url).content.decode()
    assert Invoice.objects.filter(producer=issued.gaelle).first().number in page


# --- Admins ------------------------------------------------------------------------


def test_an_admin_issues_a_cycles_invoices_from_the_back_office(closed, alice_client):
    page = alice_client.get(reverse("backoffice:invoicing:index")).content.decode()
    assert closed.cycle.name in page and "not issued yet" in page

    response = alice_client.post(
        reverse("backoffice:invoicing:issue", args=[closed.cycle.pk]), follow=True
    )

    assert "5 invoices issued." in response.content.decode()
    assert Invoice.objects.count() == 5


def test_missing_identity_is_shown_to_the_admin_and_nothing_is_issued(closed, alice_client):
    closed.bruno.siret = ""
    closed.bruno.save()
    response = alice_client.post(
        reverse("backoffice:invoicing:issue", args=[closed.cycle.pk]), follow=True
    )

    assert "Fill in the SIRET of Ferme des Prés" in response.content.decode()
    assert not Invoice.objects.exists()


def test_an_admin_credits_part_of_an_invoice(issued, alice_client):
    invoice = Invoice.objects.get(order=issued.chloe_order, producer=issued.bruno)
    page = alice_client.get(
        reverse("backoffice:invoicing:invoice", args=[invoice.pk])
    ).content.decode()
    assert "Correct with a credit note" in page

    response = alice_client.post(
        reverse("backoffice:invoicing:invoice_credit", args=[invoice.pk]),
        {"reason": "Cidre cassé", "line-1": "4.15"},
        follow=True,
    )

    note = Invoice.objects.get(credited_invoice=invoice)
    assert note.total_incl_vat == Decimal("4.15")
    assert f"Credit note {note.number} issued." in response.content.decode()


def test_crediting_too_much_is_shown_on_the_form(issued, alice_client):
    invoice = Invoice.objects.get(order=issued.chloe_order, producer=issued.bruno)
    response = alice_client.post(
        reverse("backoffice:invoicing:invoice_credit", args=[invoice.pk]),
        {"reason": "Cidre cassé", "line-1": "9.99"},
    )
    assert response.status_code == 200
    assert not Invoice.objects.filter(credited_invoice=invoice).exists()


def test_an_admin_credits_everything_that_remains(issued, alice_client):
    invoice = Invoice.objects.get(order=issued.chloe_order, producer=issued.bruno)
    alice_client.post(
        reverse("backoffice:invoicing:invoice_credit", args=[invoice.pk]),
        {"reason": "Commande perdue", "all": "1"},
    )
    assert Invoice.objects.get(credited_invoice=invoice).total_incl_vat == invoice.total_incl_vat


def test_an_admin_issues_the_months_commissions(issued, alice_client):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    response = alice_client.post(
        reverse("backoffice:invoicing:commission"), {"start": today, "end": today}, follow=True
    )
    assert "2 commission invoices issued." in response.content.decode()


def test_the_statement_of_a_distribution_and_its_pdf(issued, alice_client):
    distribution = issued.bistrot_order.distribution
    page = alice_client.get(reverse("backoffice:invoicing:statement", args=[distribution.pk]))
    assert issued.bistrot_order.number in page.content.decode()
    response = alice_client.get(
        reverse("backoffice:invoicing:statement_pdf", args=[distribution.pk])
    )
    text = pdf_text(response).replace("\xa0", " ")
    assert issued.bistrot_order.number in text
    assert "64.00 €" in text


def test_an_admin_sets_a_partner_commission_and_issues_it(issued, alice_client):
    alice_client.post(
        reverse("backoffice:invoicing:partner", args=[issued.farm.pk]),
        {
            "rate": "5",
            "legal_name": "Ferme du Bois EARL",
            "siret": "443 061 841 00047",
            "vat_number": "fr10443061841",
            "address": "Le Bois\n35690 Acigné",
        },
    )
    partner = PickupPointCommission.objects.get(point=issued.farm)
    assert partner.siret == "44306184100047" and partner.vat_number == "FR10443061841"

    distribution = issued.bistrot_order.distribution
    alice_client.post(reverse("backoffice:invoicing:pickup_commission", args=[distribution.pk]))
    assert Invoice.objects.filter(kind="pickup_commission", distribution=distribution).exists()


def test_an_admin_changes_the_invoicing_settings(in_panier, alice_client):
    response = alice_client.post(
        reverse("backoffice:invoicing:settings"),
        {
            "commission_rate": "6.5",
            "commission_vat_rate": "20.00",
            "delivery_vat_rate": "5.50",
            "payment_terms_days": "45",
            "late_penalty_rate": "taux BCE + 10 points",
        },
    )
    assert response.status_code == 302
    row = InvoicingSettings.load()
    assert row.commission_rate == Decimal("6.5") and row.payment_terms_days == 45


def test_an_admin_downloads_the_journal_and_the_fec(issued, alice_client):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    journal = alice_client.get(
        reverse("backoffice:invoicing:journal"), {"start": today, "end": today}
    )
    assert journal.status_code == 200
    assert journal.content.decode("utf-8-sig").count("\r\n") > 5
    fec = alice_client.get(reverse("backoffice:invoicing:fec"), {"start": today, "end": today})
    assert re.match(r'attachment; filename="802954785FEC\d{8}\.txt"', fec["Content-Disposition"])
    assert fec.content.decode().startswith("JournalCode|JournalLib|EcritureNum")


@pytest.mark.parametrize("name", ["index", "invoices", "commission", "settings", "exports"])
def test_members_who_are_not_admins_are_refused(issued, chloe_client, name):
    assert chloe_client.get(reverse(f"backoffice:invoicing:{name}")).status_code == 403


def test_every_back_office_page_answers(issued, alice_client):
    invoice = Invoice.objects.filter(facturx=True).first()
    distribution = issued.bistrot_order.distribution
    for url in [
        reverse("backoffice:invoicing:index"),
        reverse("backoffice:invoicing:cycle", args=[issued.cycle.pk]),
        reverse("backoffice:invoicing:invoices") + "?kind=sale&q=Bistrot",
        reverse("backoffice:invoicing:invoice", args=[invoice.pk]),
        reverse("backoffice:invoicing:invoice_pdf", args=[invoice.pk]),
        reverse("backoffice:invoicing:settings"),
        reverse("backoffice:invoicing:partner", args=[issued.farm.pk]),
        reverse("backoffice:invoicing:exports"),
        reverse("backoffice:invoicing:statement", args=[distribution.pk]),
    ]:
        assert alice_client.get(url).status_code == 200, url


def test_the_invoice_list_costs_the_same_queries_for_more_invoices(issued, alice_client, alice):
    url = reverse("backoffice:invoicing:invoices")
    alice_client.get(url)  # the shop's settings get cached
    with CaptureQueriesContext(connection) as few:
        alice_client.get(url)
    from groupage.accounts.models import User
    from shop.cycles.models import OrderCycle

    OrderCycle.objects.filter(pk=issued.cycle.pk).update(closed_at=None)
    for i in range(3):
        buyer = User.objects.create_user(email=f"more{i}@example.fr")
        place(buyer, issued.cycle, issued.farm, {issued.carrots: "1", issued.honey: "1"})
    issued.close()
    cycle_invoices_issue(cycle=issued.cycle, by=alice)
    with CaptureQueriesContext(connection) as more:
        alice_client.get(url)
    assert _queries(more) == _queries(few)


def _queries(context) -> int:
    """Queries run, without django-tenants' `SET search_path` (it depends on the last one)."""
    return sum(1 for q in context.captured_queries if not q["sql"].startswith("SET search_path"))


def test_the_order_page_adds_up_products_vat_and_delivery_to_the_total(market, chloe_client):
    """The fee is VAT included and invoiced apart: it comes after the products' VAT."""
    order = market.chloe_order
    page = chloe_client.get(reverse("storefront:order", args=[order.number])).content.decode()
    labels = ["Total excl. VAT", 'colspan="4">VAT</th>', "Delivery (VAT incl.)", "Total incl. VAT"]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    assert order.delivery_fee == Decimal("4.50")
    assert order.total_excl_vat + order.total_vat + order.delivery_fee == order.total_incl_vat
