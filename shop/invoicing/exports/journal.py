"""The sales journal as CSV: one row per document and VAT rate.

For spreadsheets set to French: `;` between columns, decimal commas, UTF-8
with a byte order mark. Credit notes are negative, so a column adds up to
what was sold.
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from shop.invoicing.models import Invoice
from shop.invoicing.pdf import title_of


def _money(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def header() -> list[str]:
    return [
        _("Date"),
        _("Number"),
        _("Document"),
        _("Seller"),
        _("Seller SIRET"),
        _("Buyer"),
        _("Reference"),
        _("Credited invoice"),
        _("VAT rate"),
        _("Total excl. VAT"),
        _("VAT"),
        _("Total incl. VAT"),
    ]


def rows(invoices: Iterable[Invoice]) -> Iterable[list[str]]:
    for invoice in invoices:
        credited = invoice.credited_invoice.number if invoice.credited_invoice_id else ""
        for vat_line in invoice.vat_lines():
            yield [
                invoice.issue_date.isoformat(),
                invoice.number,
                title_of(invoice),
                invoice.seller.get("name", ""),
                invoice.seller.get("siret", ""),
                invoice.buyer.get("name", ""),
                invoice.reference,
                credited,
                _money(vat_line["rate"]),
                _money(invoice.sign * vat_line["base_excl"]),
                _money(invoice.sign * vat_line["vat"]),
                _money(invoice.sign * vat_line["total_incl"]),
            ]


def sales_journal_csv(invoices) -> str:
    """`invoices` a queryset; read in issue order, in chunks."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    ordered = invoices.select_related("credited_invoice").order_by(
        "issued_at", "series_key", "sequence"
    )
    writer.writerows(rows(ordered.iterator(chunk_size=500)))
    return out.getvalue()
