"""The collective's fee on producers' sales, and partner pickup points' commissions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shop.invoicing.models import Invoice, InvoicingSettings, PickupPointCommission
from shop.invoicing.selectors import distribution_statement
from shop.invoicing.services import (
    commission_invoices_issue,
    credit_note_issue,
    cycle_invoices_issue,
    pickup_commission_issue,
    pickup_commission_set,
)
from shop.orders.models import Order


@pytest.fixture
def issued(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    return closed


def _today():
    return timezone.localdate()


def test_each_producer_is_charged_the_rate_on_their_sales_excluding_vat(issued, alice):
    invoices = commission_invoices_issue(start=_today(), end=_today(), by=alice)

    bruno = next(i for i in invoices if i.producer == issued.bruno)
    # Sales excl. VAT: 15,02 (Chloé) + 29,28 (Le Bistrot) = 44,30; 8 % = 3,54; VAT 20 %.
    assert "on 44,30 € excl. VAT" in bruno.lines[0]["detail"]
    assert bruno.total_excl_vat == Decimal("3.54")
    assert bruno.total_vat == Decimal("0.71")
    assert bruno.seller["name"] == "Association Panier des Prés"
    assert bruno.buyer["name"] == "Ferme des Prés"
    assert bruno.number.startswith("F-COL-")
    assert bruno.facturx and bruno.due_date


def test_a_sale_is_counted_in_one_commission_invoice_only(issued, alice):
    commission_invoices_issue(start=_today(), end=_today(), by=alice)
    with pytest.raises(ValidationError, match="No sales"):
        commission_invoices_issue(start=_today(), end=_today(), by=alice)


def test_credit_notes_reduce_the_next_commission(issued, alice):
    commission_invoices_issue(start=_today(), end=_today(), by=alice)
    sale = Invoice.objects.get(order=issued.bistrot_order, producer=issued.bruno)
    credit_note_issue(invoice=sale, reason="retour", line_amounts={0: "10.00"}, by=alice)
    more = Invoice.objects.get(order=issued.chloe_order, producer=issued.bruno)
    credit_note_issue(invoice=more, reason="retour", line_amounts={0: "1.00"}, by=alice)

    with pytest.raises(ValidationError, match="No sales"):  # only credits: nothing to charge
        commission_invoices_issue(start=_today(), end=_today(), by=alice)


def test_commission_needs_a_rate(issued, alice):
    InvoicingSettings.objects.update(commission_rate=0)
    with pytest.raises(ValidationError, match="commission rate"):
        commission_invoices_issue(start=_today(), end=_today(), by=alice)


def test_commission_needs_the_collectives_identity(issued, alice):
    issued.collective.legal_name = ""
    with pytest.raises(ValidationError, match="legal name"):
        commission_invoices_issue(start=_today(), end=_today(), by=alice)
    assert not Invoice.objects.filter(kind="commission").exists()


def test_an_exempt_collective_charges_no_vat_on_its_fee(issued, alice):
    InvoicingSettings.objects.update(collective_vat_exempt=True)
    issued.collective.vat_number = ""
    (bruno, _gaelle) = commission_invoices_issue(start=_today(), end=_today(), by=alice)
    assert bruno.total_vat == 0
    assert "TVA non applicable, art. 293 B du CGI" in bruno.mentions


def _partner(point):
    return pickup_commission_set(
        point=point,
        rate=Decimal("5"),
        legal_name="Ferme du Bois EARL",
        siret="44306184100047",
        vat_number="FR10443061841",
        address="Le Bois\n35690 Acigné",
    )


def test_a_partner_point_is_self_billed_its_commission_on_a_distribution(issued, alice):
    _partner(issued.farm)
    distribution = issued.bistrot_order.distribution

    invoice = pickup_commission_issue(distribution=distribution, by=alice)

    assert invoice.kind == "pickup_commission"
    assert invoice.number == f"F-D{issued.farm.pk:04d}-2026-000001"
    assert invoice.seller["name"] == "Ferme du Bois EARL"
    assert invoice.buyer["name"] == "Association Panier des Prés"
    assert "Autofacturation" in invoice.mentions
    # Goods handed over there, excl. VAT: 29,28 + 31,60 = 60,88; 5 % = 3,04.
    assert invoice.total_excl_vat == Decimal("3.04")
    with pytest.raises(ValidationError, match="already invoiced"):
        pickup_commission_issue(distribution=distribution, by=alice)


def test_a_point_without_commission_gets_no_invoice(issued, alice):
    with pytest.raises(ValidationError, match="takes no commission"):
        pickup_commission_issue(distribution=issued.bistrot_order.distribution, by=alice)


def test_the_pickup_commission_waits_for_the_cycles_invoices(closed, alice):
    _partner(closed.farm)
    with pytest.raises(ValidationError, match="Issue the invoices of the cycle first"):
        pickup_commission_issue(distribution=closed.bistrot_order.distribution, by=alice)


def test_a_partner_without_siret_stops_its_invoice(issued, alice):
    _partner(issued.farm)
    PickupPointCommission.objects.update(siret="")
    with pytest.raises(ValidationError, match="SIRET of Ferme du Bois"):
        pickup_commission_issue(distribution=issued.bistrot_order.distribution, by=alice)


def test_removing_the_rate_removes_the_commission(issued):
    _partner(issued.farm)
    assert pickup_commission_set(point=issued.farm, rate=None) is None
    assert not PickupPointCommission.objects.exists()


def test_the_statement_lists_orders_and_what_to_collect_by_payment(issued, alice):
    Order.objects.filter(pk=issued.bistrot_order.pk).update(status="collected")
    statement = distribution_statement(issued.bistrot_order.distribution)

    assert [row.order for row in statement.rows] == [issued.bistrot_order]
    assert statement.handed_over == 1 and statement.not_collected == 0
    # Invoiced amounts: 32,40 (Ferme des Prés) + 31,60 (Miellerie, exempt).
    assert statement.total == Decimal("64.00")
    assert [(t.label, t.count, t.amount) for t in statement.by_payment] == [
        ("To pay at pickup", 1, Decimal("64.00"))
    ]


def test_the_statement_counts_credit_notes(issued, alice):
    sale = Invoice.objects.get(order=issued.bistrot_order, producer=issued.bruno)
    credit_note_issue(invoice=sale, reason="manque", line_amounts={0: "2.70"}, by=alice)
    statement = distribution_statement(issued.bistrot_order.distribution)
    assert statement.total == Decimal("64.00") - Decimal("2.85")


def test_the_statement_sums_what_the_point_took_by_mode(issued, alice):
    import uuid

    from shop.logistics.models import PickupPayment

    order = issued.bistrot_order
    for mode, amount in [("cash", "40.00"), ("cheque", "20.00"), ("cash", "4.00")]:
        PickupPayment.objects.create(
            order=order,
            mode=mode,
            amount=Decimal(amount),
            client_uuid=uuid.uuid4(),
            happened_at=timezone.now(),
        )
    statement = distribution_statement(order.distribution)

    assert [(t.label, t.count, t.amount) for t in statement.collected_by_mode] == [
        ("Cash", 2, Decimal("44.00")),
        ("Cheque", 1, Decimal("20.00")),
    ]
    assert statement.collected == statement.total == Decimal("64.00")
    assert statement.rows[0].collected == Decimal("64.00")


def test_memberships_taken_at_the_point_are_in_its_till(issued, alice, chloe):
    from billing.payments.membership import membership_promise, membership_record_at_pickup

    distribution = issued.bistrot_order.distribution
    for member in (issued.bistrot, chloe):
        membership_promise(user=member)
        membership_record_at_pickup(user=member, mode="cash", by=alice, distribution=distribution)

    statement = distribution_statement(distribution)

    amount = statement.memberships_by_mode[0].amount
    assert [(t.label, t.count) for t in statement.memberships_by_mode] == [("Cash", 2)]
    assert amount > 0 and statement.memberships == amount
    assert statement.in_the_till == statement.collected + amount
    other = distribution_statement(issued.chloe_order.distribution)
    assert other.memberships_by_mode == []  # taken at the farm, not at home delivery
