"""Invoice PDFs: rendered with WeasyPrint from the invoice's snapshot, stored once.

The legal content of an invoice is fixed when it is issued (its snapshot);
the PDF is a rendering of that snapshot and nothing else, so it may be made
after the issuing transaction: a background task renders the PDFs of the
invoices just issued, and a download renders any that is still missing.
Either way the file, once stored, is never replaced.

Invoices to businesses and the collective's own invoices are Factur-X:
PDF/A-3 with the EN 16931 CII XML embedded (`shop.invoicing.cii`).
"""

import io
import logging
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from shop.catalogue.models import Unit
from shop.invoicing.models import Invoice

logger = logging.getLogger(__name__)
# Both libraries log every step at INFO: thousands of lines per cycle.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("factur-x").setLevel(logging.WARNING)

_UNITS = dict(Unit.choices)


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(Path(__file__).with_name("pdf.css")))


@cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def title_of(invoice: Invoice) -> str:
    if invoice.is_credit_note:
        return _("Credit note")
    if invoice.kind == Invoice.Kind.PICKUP_COMMISSION:
        return _("Self-billed invoice")
    return _("Invoice")


def _view(invoice: Invoice) -> dict:
    credited = invoice.credited_invoice if invoice.credited_invoice_id else None
    return {
        "invoice": invoice,
        "title": title_of(invoice),
        "seller": invoice.seller,
        "buyer": invoice.buyer,
        "lines": [
            {
                **line,
                "quantity": Decimal(line["quantity"]) if line.get("quantity") else None,
                "unit": _UNITS.get(line.get("unit", ""), line.get("unit", "")),
                "unit_price": Decimal(line["unit_price"]),
                "unit_price_excl": Decimal(line["unit_price_excl"]),
                "vat_rate": Decimal(line["vat_rate"]),
                "amount": Decimal(line["amount"]),
            }
            for line in invoice.lines
        ],
        "vat_lines": invoice.vat_lines(),
        "credited_number": credited.number if credited else "",
        "credited_date": credited.issue_date if credited else None,
    }


def render_html(invoices: list[Invoice]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "invoicing/pdf/document.html",
            {
                "docs": [_view(invoice) for invoice in invoices],
                "title": ", ".join(invoice.number for invoice in invoices),
                "language": settings.LANGUAGE_CODE,
            },
        )


def render_pdf(invoice: Invoice) -> bytes:
    """The invoice's PDF; Factur-X (PDF/A-3 with its CII XML) where it applies."""
    from weasyprint import HTML

    variant = "pdf/a-3b" if invoice.facturx else None
    data = HTML(string=render_html([invoice])).write_pdf(
        stylesheets=[_stylesheet()], font_config=_fonts(), pdf_variant=variant
    )
    if invoice.facturx:
        from shop.invoicing.cii import embed

        data = embed(data, invoice)
    return data


def store_pdf(invoice: Invoice, data: bytes) -> None:
    """Keep the first rendering only: a concurrent one is thrown away."""
    name = f"invoices/{invoice.issue_date.year}/{invoice.number}.pdf"
    saved = default_storage.save(name, ContentFile(data))
    if Invoice.objects.filter(pk=invoice.pk, pdf="").update(pdf=saved):
        invoice.pdf.name = saved
    else:
        default_storage.delete(saved)
        invoice.pdf.name = Invoice.objects.values_list("pdf", flat=True).get(pk=invoice.pk)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The stored PDF, rendered and stored first if it is not there yet."""
    if invoice.pdf:
        try:
            with default_storage.open(invoice.pdf.name, "rb") as stored:
                return stored.read()
        except FileNotFoundError:
            logger.error("PDF of invoice %s is missing from storage", invoice.number)
            return render_pdf(invoice)
    data = render_pdf(invoice)
    store_pdf(invoice, data)
    return data


def render_missing(invoice_ids: list[int]) -> int:
    """Render and store the PDFs not made yet; returns how many were made."""
    made = 0
    invoices = Invoice.objects.filter(pk__in=invoice_ids, pdf="").select_related("credited_invoice")
    for invoice in invoices.order_by("pk"):
        try:
            store_pdf(invoice, render_pdf(invoice))
            made += 1
        except Exception:  # the next download renders it; the others go on
            logger.exception("PDF of invoice %s could not be rendered", invoice.number)
    return made


def gather(pdfs: list[bytes]) -> bytes:
    """Several PDFs as one (a consumer's order receipt gathers its invoices)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_statement_pdf(statement, collective) -> bytes:
    """A pickup point's statement for one distribution (not an invoice: no number)."""
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "invoicing/pdf/statement.html",
            {"statement": statement, "collective": collective, "language": settings.LANGUAGE_CODE},
        )
    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()], font_config=_fonts())
