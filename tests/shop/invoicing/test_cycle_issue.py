"""Issuing a closed cycle's invoices: one per producer and order, in the producer's name."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.cycles.models import OfferItem
from shop.invoicing.models import CycleInvoicing, Invoice, InvoiceSeries
from shop.invoicing.services import cycle_invoices_issue
from shop.logistics.adjustments import line_set_actual_weight, product_mark_short
from shop.logistics.models import ShortageRecord
from shop.money import ZERO
from shop.orders.models import Order, OrderLine
from shop.orders.services import order_cancel

from .conftest import place


def _sale(market, order, producer) -> Invoice:
    return Invoice.objects.get(kind="sale", order=order, producer=producer)


def test_each_producer_gets_one_invoice_per_order_in_their_own_series(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    bruno = Invoice.objects.filter(producer=closed.bruno).order_by("sequence")
    assert [i.number for i in bruno] == [
        f"F-P{closed.bruno.pk:04d}-2026-000001",
        f"F-P{closed.bruno.pk:04d}-2026-000002",
    ]
    assert [i.order for i in bruno] == [closed.chloe_order, closed.bistrot_order]
    gaelle = Invoice.objects.filter(producer=closed.gaelle).order_by("sequence")
    assert [i.sequence for i in gaelle] == [1, 2]
    assert InvoiceSeries.objects.get(key=f"F-P{closed.bruno.pk:04d}-2026").next_number == 3


def test_the_invoice_names_seller_buyer_mandate_and_dates(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    invoice = _sale(closed, closed.bistrot_order, closed.bruno)
    assert invoice.seller["name"] == "Ferme des Prés"
    assert invoice.seller["siret"] == "12345678900012"
    assert invoice.seller["siren"] == "123456789"
    assert invoice.seller["vat_number"] == "FR40123456789"
    assert invoice.buyer["name"] == "Le Bistrot SARL"
    assert invoice.buyer["address"]["lines"] == ["12 place de l'Église", "35510 Cesson-Sévigné"]
    assert invoice.sale_date == closed.bistrot_order.distribution.date
    assert invoice.issued_by == alice
    assert (
        "Invoice issued by Association Panier des Prés in the name and on behalf of "
        "Ferme des Prés, under a billing mandate." in invoice.mentions
    )


def test_professionals_get_payment_terms_and_factur_x(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    pro = _sale(closed, closed.bistrot_order, closed.bruno)
    household = _sale(closed, closed.chloe_order, closed.bruno)
    assert pro.facturx and not household.facturx
    assert (pro.due_date - pro.issue_date).days == 30
    assert household.due_date is None
    assert any("40 €" in m for m in pro.mentions)
    assert any("trois fois le taux d'intérêt légal" in m for m in pro.mentions)
    assert not any("40 €" in m for m in household.mentions)


def test_household_vat_is_worked_out_per_rate_on_the_invoice_total(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    invoice = _sale(closed, closed.chloe_order, closed.bruno)
    # 3 kg carrots at 2,85 = 8,55 (5,5 %), 2 ciders at 4,15 = 8,30 (20 %), VAT included.
    assert invoice.prices_incl_vat
    assert invoice.vat_breakdown == [
        {"rate": "5.50", "base_excl": "8.10", "vat": "0.45", "total_incl": "8.55"},
        {"rate": "20.00", "base_excl": "6.92", "vat": "1.38", "total_incl": "8.30"},
    ]
    assert invoice.total_incl_vat == Decimal("16.85")


def test_professional_vat_is_added_per_rate_to_the_invoice_total(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    invoice = _sale(closed, closed.bistrot_order, closed.bruno)
    assert not invoice.prices_incl_vat
    # 7 × 2,70 = 18,90 excl. (5,5 % → 1,04); 3 × 3,46 = 10,38 excl. (20 % → 2,08).
    assert invoice.total_excl_vat == Decimal("29.28")
    assert invoice.total_vat == Decimal("3.12")
    assert invoice.total_incl_vat == Decimal("32.40")


def test_a_vat_exempt_producer_charges_no_vat_and_says_why(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    invoice = _sale(closed, closed.chloe_order, closed.gaelle)
    assert invoice.total_vat == ZERO
    assert invoice.total_incl_vat == Decimal("7.90")
    assert "TVA non applicable, art. 293 B du CGI" in invoice.mentions
    assert all(line["vat_rate"] == "0.00" for line in invoice.lines)


def test_a_home_delivery_fee_is_the_collectives_own_invoice(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    fee = Invoice.objects.get(kind="sale", order=closed.chloe_order, producer__isnull=True)
    assert fee.number == "F-COL-2026-000001"
    assert fee.seller["name"] == "Association Panier des Prés"
    assert fee.total_incl_vat == Decimal("4.50")
    assert fee.vat_breakdown[0]["rate"] == "20.00"


def test_a_cycles_invoices_add_up_to_its_orders_to_the_cent(closed, alice):
    """Households: VAT-included line amounts; professionals: VAT-excluded; plus delivery fees."""
    cycle_invoices_issue(cycle=closed.cycle, by=alice)

    orders = Order.objects.filter(cycle=closed.cycle, status__in=["placed", "collected"])
    lines = sum(OrderLine.objects.filter(order__in=orders).values_list("amount", flat=True), ZERO)
    fees = sum(orders.values_list("delivery_fee", flat=True), ZERO)
    invoiced = sum((i.basis_total for i in Invoice.objects.filter(cycle=closed.cycle)), ZERO)
    assert invoiced == lines + fees
    households = Invoice.objects.filter(cycle=closed.cycle, order=closed.chloe_order)
    assert sum(i.total_incl_vat for i in households) == closed.chloe_order.total_incl_vat


def test_many_lines_add_up_to_the_cent_whatever_the_rounding(market, alice):
    """Odd prices and weights: per-line rounding, per-rate VAT, sum unchanged."""
    prices = ["0.33", "1.17", "2.99", "0.07", "13.45"]
    for i, price in enumerate(prices):
        line = market.chloe_order.lines.first()
        OrderLine.objects.filter(pk=line.pk).update(amount=Decimal(price) * (i + 1))
    market.close()
    cycle_invoices_issue(cycle=market.cycle, by=alice)

    lines = sum(
        OrderLine.objects.filter(order__cycle=market.cycle).values_list("amount", flat=True), ZERO
    )
    fees = market.chloe_order.delivery_fee
    invoiced = sum((i.basis_total for i in Invoice.objects.filter(cycle=market.cycle)), ZERO)
    assert invoiced == lines + fees
    for invoice in Invoice.objects.filter(cycle=market.cycle):
        assert invoice.total_excl_vat + invoice.total_vat == invoice.total_incl_vat


def test_a_weighed_line_is_billed_by_the_kilo_at_its_weighed_amount(market, alice):
    line = market.chloe_order.lines.get(product_name="Carottes")
    # Weighed by the producer: 2,43 kg at 2,85 €/kg.
    OrderLine.objects.filter(pk=line.pk).update(
        variable_weight=True, actual_weight_kg=Decimal("2.430"), amount=Decimal("6.93")
    )
    market.close()
    cycle_invoices_issue(cycle=market.cycle, by=alice)

    invoice = _sale(market, market.chloe_order, market.bruno)
    carrots = next(row for row in invoice.lines if row["label"] == "Carottes")
    assert carrots["quantity"] == "2.430"
    assert carrots["unit"] == "kg"
    assert carrots["amount"] == "6.93"


def test_invoices_wait_for_the_cycle_to_close(market, alice):
    with pytest.raises(ValidationError, match="once the cycle is closed"):
        cycle_invoices_issue(cycle=market.cycle, by=alice)
    assert not Invoice.objects.exists()


def test_cancelled_orders_get_no_invoice(market, alice):
    order_cancel(order=market.chloe_order)
    market.close()
    cycle_invoices_issue(cycle=market.cycle, by=alice)

    assert not Invoice.objects.filter(order=market.chloe_order).exists()
    assert Invoice.objects.filter(order=market.bistrot_order).count() == 2


def test_issuing_again_only_issues_what_is_missing(closed, alice):
    first = cycle_invoices_issue(cycle=closed.cycle, by=alice)
    again = cycle_invoices_issue(cycle=closed.cycle, by=alice)

    assert first.count == 5 and again.count == 0
    assert Invoice.objects.count() == 5
    assert CycleInvoicing.objects.get(cycle=closed.cycle).invoice_count == 5


def test_an_issued_invoice_keeps_what_it_said_when_the_producer_changes(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    closed.bruno.farm_name = "Ferme Renommée"
    closed.bruno.siret = "11111111100011"
    closed.bruno.save()

    invoice = _sale(closed, closed.chloe_order, closed.bruno)
    assert invoice.seller["name"] == "Ferme des Prés"
    assert invoice.seller["siret"] == "12345678900012"


def test_a_producer_without_siret_stops_issuance_and_says_what_to_fill_in(closed, alice):
    closed.gaelle.siret = ""
    closed.gaelle.save()

    with pytest.raises(ValidationError) as refused:
        cycle_invoices_issue(cycle=closed.cycle, by=alice)

    assert refused.value.messages == [
        "Fill in the SIRET of Miellerie du Bocage (in the back-office, Producers › Miellerie du Bocage)."
    ]
    assert not Invoice.objects.exists()
    assert not InvoiceSeries.objects.filter(next_number__gt=1).exists()
    assert not CycleInvoicing.objects.exists()


def test_a_vat_liable_producer_needs_a_vat_number(closed, alice):
    closed.bruno.vat_number = ""
    closed.bruno.save()

    with pytest.raises(ValidationError, match="VAT number of Ferme des Prés"):
        cycle_invoices_issue(cycle=closed.cycle, by=alice)


def test_a_professional_without_billing_address_stops_issuance(closed, alice):
    account = closed.bistrot.professional
    account.billing_address = ""
    account.save()

    with pytest.raises(ValidationError) as refused:
        cycle_invoices_issue(cycle=closed.cycle, by=alice)

    assert refused.value.messages == [
        "Fill in the billing address of Le Bistrot SARL (in the back-office, Members › Léa)."
    ]
    assert not Invoice.objects.exists()


def test_every_missing_thing_is_listed_at_once(closed, alice):
    closed.gaelle.siret = ""
    closed.gaelle.save()
    closed.bistrot.professional.billing_address = ""
    closed.bistrot.professional.save()
    closed.collective.siret = ""

    with pytest.raises(ValidationError) as refused:
        cycle_invoices_issue(cycle=closed.cycle, by=alice)

    assert len(refused.value.messages) == 3
    assert (
        "Fill in the collective's SIRET (in the back-office, Legal identity)."
        in refused.value.messages
    )


def test_issuing_costs_the_same_queries_for_more_orders(closed, alice):
    with CaptureQueriesContext(connection) as few:
        cycle_invoices_issue(cycle=closed.cycle, by=alice)
    Invoice.objects.all().delete()
    InvoiceSeries.objects.all().delete()
    CycleInvoicing.objects.all().delete()
    from groupage.accounts.models import User
    from shop.cycles.models import OrderCycle

    OrderCycle.objects.filter(pk=closed.cycle.pk).update(closed_at=None)
    for i in range(4):
        buyer = User.objects.create_user(email=f"more{i}@example.fr")
        place(buyer, closed.cycle, closed.farm, {closed.carrots: "1", closed.honey: "2"})
    closed.close()

    with CaptureQueriesContext(connection) as more:
        issued = cycle_invoices_issue(cycle=closed.cycle, by=alice)
    assert issued.count == 13
    assert _queries(more) == _queries(few)


def _queries(context) -> int:
    """Queries run, without django-tenants' `SET search_path` (it depends on the last one)."""
    return sum(1 for q in context.captured_queries if not q["sql"].startswith("SET search_path"))


def test_once_invoiced_an_order_takes_no_more_weights(closed, alice):
    line = closed.chloe_order.lines.get(product_name="Carottes")
    OrderLine.objects.filter(pk=line.pk).update(variable_weight=True)
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    invoice = _sale(closed, closed.chloe_order, closed.bruno)

    with pytest.raises(ValidationError, match=r"invoiced already.*credit note"):
        line_set_actual_weight(line=line, weight_kg="2.430")

    line.refresh_from_db()
    assert (line.actual_weight_kg, line.amount) == (None, Decimal("8.55"))
    assert Order.objects.get(pk=closed.chloe_order.pk).total_incl_vat == (
        closed.chloe_order.total_incl_vat
    )
    assert Invoice.objects.get(pk=invoice.pk).total_incl_vat == invoice.total_incl_vat


def test_once_invoiced_a_shortage_is_refused_and_nothing_is_cut(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    carrots = OfferItem.objects.get(cycle=closed.cycle, variant__product=closed.carrots)

    with pytest.raises(ValidationError, match="2 orders of this product are invoiced already"):
        product_mark_short(offer_item=carrots, quantity_supplied="5")

    assert sorted(
        OrderLine.objects.filter(offer_item=carrots).values_list("quantity", flat=True)
    ) == [
        Decimal("3"),
        Decimal("7"),
    ]
    assert not ShortageRecord.objects.exists()
