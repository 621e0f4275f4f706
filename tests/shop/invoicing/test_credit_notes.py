"""Credit notes: an issued invoice never changes; corrections are credit notes."""

import io
from decimal import Decimal

import facturx
import pytest
from django.core.exceptions import ValidationError
from lxml import etree
from pypdf import PdfReader

from shop.invoicing.cii import NS, cii_xml
from shop.invoicing.models import Invoice
from shop.invoicing.pdf import invoice_pdf
from shop.invoicing.services import credit_note_issue, cycle_invoices_issue
from shop.invoicing.services.credit import remaining_by_line


@pytest.fixture
def household_invoice(closed, alice) -> Invoice:
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    return Invoice.objects.get(order=closed.chloe_order, producer=closed.bruno)


@pytest.fixture
def business_invoice(closed, alice) -> Invoice:
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    return Invoice.objects.get(order=closed.bistrot_order, producer=closed.bruno)


def test_a_full_credit_note_takes_back_the_whole_invoice(household_invoice, alice):
    before = Invoice.objects.values().get(pk=household_invoice.pk)
    note = credit_note_issue(invoice=household_invoice, reason="Commande non retirée", by=alice)

    assert note.kind == "credit_note"
    assert note.number == f"A-{household_invoice.series_key[2:]}-000001"
    assert note.credited_invoice == household_invoice
    assert note.lines == [
        {**line, "credits_line": i} for i, line in enumerate(household_invoice.lines)
    ]
    assert note.vat_breakdown == household_invoice.vat_breakdown
    assert note.total_incl_vat == household_invoice.total_incl_vat
    assert "Reason: Commande non retirée" in note.mentions
    assert Invoice.objects.values().get(pk=household_invoice.pk) == before  # unchanged
    assert remaining_by_line(household_invoice) == [Decimal("0.00"), Decimal("0.00")]


def test_a_partial_credit_note_works_out_vat_on_what_it_takes_back(household_invoice, alice):
    note = credit_note_issue(
        invoice=household_invoice, reason="Cidre cassé", line_amounts={1: "4.15"}, by=alice
    )

    assert note.total_incl_vat == Decimal("4.15")
    assert note.vat_breakdown == [
        {"rate": "20.00", "base_excl": "3.46", "vat": "0.69", "total_incl": "4.15"}
    ]
    assert remaining_by_line(household_invoice) == [Decimal("8.55"), Decimal("4.15")]


def test_no_more_than_what_remains_of_a_line_can_be_credited(household_invoice, alice):
    credit_note_issue(invoice=household_invoice, reason="casse", line_amounts={1: "5"}, by=alice)

    with pytest.raises(
        ValidationError, match="At most 3,30 € can still be credited on “Cidre brut”"
    ):
        credit_note_issue(invoice=household_invoice, reason="casse", line_amounts={1: "3.31"})
    assert Invoice.objects.filter(credited_invoice=household_invoice).count() == 1


def test_a_credit_note_needs_a_reason(household_invoice):
    with pytest.raises(ValidationError, match="reason"):
        credit_note_issue(invoice=household_invoice, reason="  ")


def test_a_credit_note_is_never_credited(household_invoice):
    note = credit_note_issue(invoice=household_invoice, reason="erreur")
    with pytest.raises(ValidationError, match="cannot be credited"):
        credit_note_issue(invoice=note, reason="erreur")


def test_a_fully_credited_invoice_has_nothing_left(household_invoice):
    credit_note_issue(invoice=household_invoice, reason="erreur")
    with pytest.raises(ValidationError, match="Nothing is left"):
        credit_note_issue(invoice=household_invoice, reason="encore")


def test_negative_or_garbled_amounts_are_refused(household_invoice):
    with pytest.raises(ValidationError, match="positive"):
        credit_note_issue(invoice=household_invoice, reason="x", line_amounts={0: "-1"})
    with pytest.raises(ValidationError, match="12,50"):
        credit_note_issue(invoice=household_invoice, reason="x", line_amounts={0: "deux"})
    with pytest.raises(ValidationError, match="no such line"):
        credit_note_issue(invoice=household_invoice, reason="x", line_amounts={7: "1"})


def test_a_business_credit_note_is_a_factur_x_credit_note_naming_the_invoice(business_invoice):
    note = credit_note_issue(
        invoice=business_invoice, reason="Carottes abîmées", line_amounts={0: "2.70"}
    )

    assert note.facturx and note.due_date is None
    assert not any("40 €" in mention for mention in note.mentions)
    xml = cii_xml(note)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    tree = etree.fromstring(xml)
    assert tree.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert (
        tree.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
        == business_invoice.number
    )
    text = PdfReader(io.BytesIO(invoice_pdf(note))).pages[0].extract_text().replace("\xa0", " ")
    assert "Credit note" in text
    assert f"Credits invoice {business_invoice.number}" in text
    assert "Reason: Carottes abîmées" in text
