"""Factur-X: the EN 16931 Cross Industry Invoice (CII) XML of an invoice, and the
PDF/A-3 that carries it (through the `factur-x` library, kept behind `embed`).

The XML is built from the invoice's snapshot only. Amounts are VAT-excluded
per line as EN 16931 wants; for VAT-included invoices the lines' net amounts
are spread so that they add up to each rate's base exactly
(`amounts.net_line_amounts`). VAT-exempt sellers use category E with the
reason "TVA non applicable, art. 293 B du CGI".
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from lxml import etree

from shop.invoicing import amounts
from shop.invoicing.models import Invoice
from shop.money import ZERO

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
GUIDELINE = "urn:cen.eu:en16931:2017"
# UNTDID 1001: commercial invoice, self-billed invoice, credit note, self-billed credit note.
TYPE_CODES = {
    (False, False): "380",
    (False, True): "389",
    (True, False): "381",
    (True, True): "261",
}
# UN/ECE Recommendation 20 units.
UNIT_CODES = {"kg": "KGM", "100g": "HGM", "l": "LTR", "dozen": "DZN"}
SIREN_SCHEME = "0002"


def _el(parent, tag: str, text=None, **attributes):
    prefix, name = tag.split(":")
    node = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attributes)
    if text is not None:
        node.text = str(text)
    return node


def _date(parent, tag: str, value: date) -> None:
    holder = _el(parent, tag)
    _el(holder, "udt:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _money(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _party(parent, tag: str, party: dict) -> None:
    node = _el(parent, tag)
    _el(node, "ram:Name", party.get("name", ""))
    if party.get("siren"):
        organisation = _el(node, "ram:SpecifiedLegalOrganization")
        _el(organisation, "ram:ID", party["siren"], schemeID=SIREN_SCHEME)
    address = party.get("address") or {}
    postal = _el(node, "ram:PostalTradeAddress")
    if address.get("postcode"):
        _el(postal, "ram:PostcodeCode", address["postcode"])
    if address.get("street"):
        _el(postal, "ram:LineOne", address["street"])
    if address.get("city"):
        _el(postal, "ram:CityName", address["city"])
    _el(postal, "ram:CountryID", address.get("country") or "FR")
    if party.get("vat_number"):
        registration = _el(node, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", party["vat_number"], schemeID="VA")


def _tax(parent, rate: Decimal, exempt: bool, basis=None, calculated=None) -> None:
    node = _el(parent, "ram:ApplicableTradeTax")
    if calculated is not None:
        _el(node, "ram:CalculatedAmount", _money(calculated))
    _el(node, "ram:TypeCode", "VAT")
    if exempt:
        _el(node, "ram:ExemptionReason", amounts.EXEMPTION_REASON)
    if basis is not None:
        _el(node, "ram:BasisAmount", _money(basis))
    _el(node, "ram:CategoryCode", "E" if exempt else "S")
    _el(node, "ram:RateApplicablePercent", _money(rate))


def _seller_exempt(invoice: Invoice) -> bool:
    return bool(invoice.seller.get("vat_exempt"))


def cii_xml(invoice: Invoice) -> bytes:
    """The invoice as EN 16931 CII XML (UTF-8 bytes)."""
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)

    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", invoice.number)
    _el(document, "ram:TypeCode", TYPE_CODES[(invoice.is_credit_note, invoice.self_billed)])
    _date(document, "ram:IssueDateTime", invoice.issue_date)
    for mention in invoice.mentions:
        _el(_el(document, "ram:IncludedNote"), "ram:Content", mention)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    exempt = _seller_exempt(invoice)
    vat_lines = invoice.vat_breakdown
    nets = amounts.net_line_amounts(invoice.lines, vat_lines, invoice.prices_incl_vat)
    for index, (line, net) in enumerate(zip(invoice.lines, nets, strict=True), start=1):
        _line(transaction, index, line, net, exempt)

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", invoice.seller)
    _party(agreement, "ram:BuyerTradeParty", invoice.buyer)
    if invoice.order_id:
        order = _el(agreement, "ram:BuyerOrderReferencedDocument")
        _el(order, "ram:IssuerAssignedID", invoice.order.number)  # set once, never changed

    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
    _date(event, "ram:OccurrenceDateTime", invoice.sale_date)

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")
    for row in vat_lines:
        _tax(
            settlement,
            Decimal(row["rate"]),
            exempt,
            basis=Decimal(row["base_excl"]),
            calculated=Decimal(row["vat"]),
        )
    if invoice.due_date:
        terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
        _date(terms, "ram:DueDateDateTime", invoice.due_date)
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    line_total = sum(nets, ZERO)
    _el(summation, "ram:LineTotalAmount", _money(line_total))
    _el(summation, "ram:TaxBasisTotalAmount", _money(invoice.total_excl_vat))
    _el(summation, "ram:TaxTotalAmount", _money(invoice.total_vat), currencyID="EUR")
    _el(summation, "ram:GrandTotalAmount", _money(invoice.total_incl_vat))
    _el(summation, "ram:DuePayableAmount", _money(invoice.total_incl_vat))
    if invoice.credited_invoice_id:
        credited = invoice.credited_invoice
        referenced = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(referenced, "ram:IssuerAssignedID", credited.number)
        issued = _el(referenced, "ram:FormattedIssueDateTime")
        _el(issued, "qdt:DateTimeString", credited.issue_date.strftime("%Y%m%d"), format="102")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _line(parent, index: int, line: dict, net: Decimal, exempt: bool) -> None:
    item = _el(parent, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", index)
    _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line["label"])
    quantity = Decimal(line.get("quantity") or "1") or Decimal("1")
    price = (net / quantity).quantize(Decimal("0.0001"))
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", f"{price:f}")
    delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
    unit = UNIT_CODES.get(line.get("unit", ""), "C62")
    _el(delivery, "ram:BilledQuantity", f"{quantity:f}", unitCode=unit)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    _tax(settlement, Decimal(line["vat_rate"]), exempt)
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _money(net))


def embed(pdf: bytes, invoice: Invoice) -> bytes:
    """The PDF with the invoice's CII XML attached, as a Factur-X EN 16931 PDF/A-3."""
    import facturx

    return facturx.generate_from_binary(
        pdf,
        cii_xml(invoice),
        flavor="factur-x",
        level="en16931",
        check_xsd=False,  # checked by the tests; the schema costs ~50 ms to load
        pdf_metadata={
            "author": invoice.seller.get("name", ""),
            "keywords": "Factur-X, invoice",
            "title": invoice.number,
            "subject": invoice.number,
        },
        lang=settings.LANGUAGE_CODE,  # the language it is issued in, as the PDF says
    )
