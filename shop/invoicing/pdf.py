"""Invoice PDFs: rendered with WeasyPrint from the invoice's snapshot, stored once.

The legal content of an invoice is fixed when it is issued (its snapshot);
the PDF is a rendering of that snapshot and nothing else, so it may be made
after the issuing transaction: a background task renders the PDFs of the
invoices just issued, and a download renders any that is still missing.
Either way the file, once stored, is never replaced.

Invoices to businesses and the collective's own invoices are Factur-X:
PDF/A-3 with the EN 16931 CII XML embedded (`shop.invoicing.cii`).

Speed (a 1,000-order cycle is some 3,000 invoices; ~25 ms of CPU each):
invoices are laid out in batches, one WeasyPrint document per batch, so the
batch shares parsing, the cascade and computed styles (see `_page_spans` for
why the anchors sit on the numbers); the one-page invoices of a batch are
written as one PDF and cut per invoice (`_written_apart`), Factur-X ones are
written apart (`Document.copy`: each is a PDF/A of its own). The batch is
read by the XML parser and styled with a small user-agent stylesheet
(`_html_class`). A batch numbers its pages as one document, so page numbers
("2 / 3") are printed only on invoices of several pages, which are laid out
again on their own.
"""

import copy
import io
import logging
from collections.abc import Iterable, Iterator
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
from shop.printing import html_class

logger = logging.getLogger(__name__)
# Both libraries log every step at INFO: thousands of lines per cycle.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("factur-x").setLevel(logging.WARNING)

_UNITS = dict(Unit.choices)
BATCH = 25  # invoices laid out together
FACTUR_X_VARIANT = "pdf/a-3b"


@cache
def _css(name: str):
    from weasyprint import CSS

    return CSS(filename=str(Path(__file__).with_name(name)), font_config=_fonts())


def _stylesheet():
    return _css("pdf.css")


@cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _html_class():
    """WeasyPrint's HTML reading our well-formed XHTML fast, with a user-agent
    stylesheet of the few elements invoices use (`pdf_ua.css`): see `shop.printing`."""
    return html_class(Path(__file__).with_name("pdf_ua.css"))


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
        # VAT exempt (art. 293 B CGI): no VAT column or rows, plain prices and total.
        "exempt": bool(invoice.seller.get("vat_exempt")),
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
    ((_invoice, data),) = render_pdfs([invoice])
    return data


def render_pdfs(invoices: Iterable[Invoice]) -> Iterator[tuple[Invoice, bytes]]:
    """Each invoice with its PDF, laid out in batches (Factur-X ones apart)."""
    for batch, facturx in _batches(invoices):
        yield from _render_batch(batch, facturx=facturx)


def _batches(invoices: Iterable[Invoice]) -> Iterator[tuple[list[Invoice], bool]]:
    invoices = list(invoices)
    for facturx in (False, True):
        group = [invoice for invoice in invoices if bool(invoice.facturx) == facturx]
        for start in range(0, len(group), BATCH):
            yield group[start : start + BATCH], facturx


def _render_batch(invoices: list[Invoice], *, facturx: bool) -> Iterator[tuple[Invoice, bytes]]:
    """Lay the invoices out as one document, then make each one's PDF from its pages."""
    variant = FACTUR_X_VARIANT if facturx else None
    document = _layout(invoices, variant=variant, page_numbers=False)
    spans = _page_spans(document, invoices)
    single = {pk: first for pk, (first, end) in spans.items() if end - first == 1}
    written = {} if facturx else _written_apart(document, single, invoices)
    for invoice in invoices:
        if invoice.pk in written:
            yield invoice, written[invoice.pk]
            continue
        if invoice.pk in single:
            part = document.copy([document.pages[single[invoice.pk]]])
            part.metadata = copy.copy(document.metadata)
            part.metadata.title = invoice.number
        else:  # several pages: numbered on its own
            part = _layout([invoice], variant=variant, page_numbers=True)
        data = part.write_pdf(pdf_variant=variant)
        if facturx:
            from shop.invoicing.cii import embed

            data = embed(data, invoice)
        yield invoice, data


def _page_spans(document, invoices: list[Invoice]) -> dict[int, tuple[int, int]]:
    """Each invoice's pages in the batch's document, [first, end), by invoice id.

    The invoice's number carries an anchor (`doc-<id>`), on its first page only:
    an anchor on the whole invoice would keep WeasyPrint from sharing computed
    styles between invoices, which a batch is laid out together for.
    """
    firsts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("doc-"):
                firsts.setdefault(anchor, number)
    bounds = [*sorted(firsts.values()), len(document.pages)]
    spans = {}
    for invoice in invoices:
        first = firsts[f"doc-{invoice.pk}"]
        spans[invoice.pk] = (first, bounds[bounds.index(first) + 1])
    return spans


def _written_apart(document, pages: dict[int, int], invoices: list[Invoice]) -> dict[int, bytes]:
    """One-page invoices: their pages written as one PDF, then cut into one file each.

    Writing once shares the fonts' subsetting and the PDF machinery of the
    batch (a third of writing each page apart). WeasyPrint gives the pages of
    a document one resource dictionary, so each file carries the batch's
    resources: only when they are fonts and graphic states (the batch's font
    subsets, ~4 KB more per file); an image, pattern or form in them could
    carry another invoice's content, and the invoices are then written apart.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    order = [invoice for invoice in invoices if invoice.pk in pages]
    if len(order) < 2:  # nothing to share
        return {}
    whole = document.copy([document.pages[pages[invoice.pk]] for invoice in order]).write_pdf()
    reader = PdfReader(io.BytesIO(whole))
    if any(_carries_content(page["/Resources"].get_object()) for page in reader.pages):
        return {}
    lang = reader.trailer["/Root"].get("/Lang")
    producer = reader.metadata.producer
    written = {}
    for page, invoice in zip(reader.pages, order, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Producer": producer, "/Title": invoice.number})
        if lang is not None:
            writer.root_object[NameObject("/Lang")] = lang
        out = io.BytesIO()
        writer.write(out)
        written[invoice.pk] = out.getvalue()
    return written


_SHAREABLE = {"/Font", "/ExtGState", "/ColorSpace", "/ProcSet"}


def _carries_content(resources) -> bool:
    """Resources beyond fonts and graphic states: images, forms, patterns, shadings
    (WeasyPrint writes their dictionaries empty when there are none)."""
    return any(key not in _SHAREABLE and resources[key].get_object() for key in resources)


def _layout(invoices: list[Invoice], *, variant: str | None, page_numbers: bool):
    sheets = [_stylesheet(), _css("pdf_pages.css")] if page_numbers else [_stylesheet()]
    return _html_class()(string=render_html(invoices)).render(
        stylesheets=sheets, font_config=_fonts(), pdf_variant=variant
    )


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
    """Render and store the PDFs not made yet; returns how many were made.

    A batch that fails is drawn again one invoice at a time, so one bad
    invoice costs only its own PDF (drawn later, or on its download).
    """
    invoices = (
        Invoice.objects.filter(pk__in=invoice_ids, pdf="")
        .select_related("credited_invoice")
        .order_by("pk")
    )
    made = 0
    for batch, facturx in _batches(invoices):
        try:
            rendered = list(_render_batch(batch, facturx=facturx))
        except Exception:
            logger.exception("A batch of invoice PDFs failed; drawing them one by one")
            rendered = [pair for invoice in batch if (pair := _render_alone(invoice))]
        for invoice, data in rendered:
            try:
                store_pdf(invoice, data)
            except Exception:  # storage trouble: drawn again later, the others go on
                logger.exception("PDF of invoice %s could not be stored", invoice.number)
            else:
                made += 1
    return made


def _render_alone(invoice: Invoice) -> tuple[Invoice, bytes] | None:
    try:
        return invoice, render_pdf(invoice)
    except Exception:  # the next download renders it; the others go on
        logger.exception("PDF of invoice %s could not be rendered", invoice.number)
        return None


def render_statement_pdf(statement, collective) -> bytes:
    """A pickup point's statement for one distribution (not an invoice: no number)."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "invoicing/pdf/statement.html",
            {"statement": statement, "collective": collective, "language": settings.LANGUAGE_CODE},
        )
    return _html_class()(string=html).write_pdf(
        stylesheets=[_stylesheet(), _css("pdf_pages.css")], font_config=_fonts()
    )
