"""Invoice PDFs (WeasyPrint), read back as text; Factur-X for businesses."""

import base64
import io
import logging
import re
from decimal import Decimal
from unittest import mock
from xml.etree import ElementTree

import facturx
import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from lxml import etree
from pypdf import PdfReader

from shop.invoicing import pdf
from shop.invoicing.cii import NS, cii_xml
from shop.invoicing.models import Invoice
from shop.invoicing.pdf import invoice_pdf, render_missing, render_pdf, render_statement_pdf
from shop.invoicing.selectors import distribution_statement
from shop.invoicing.services import credit_note_issue, cycle_invoices_issue
from shop.logistics.documents.pdf import merge


def text_of(data: bytes) -> str:
    """The PDF's text, amounts written the French way (2,70 €) whatever the language."""
    pages = PdfReader(io.BytesIO(data)).pages
    text = "\n".join(page.extract_text() for page in pages).replace("\xa0", " ")
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


def day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


@pytest.fixture
def issued(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    return closed


def _sale(market, order, producer) -> Invoice:
    return Invoice.objects.get(kind="sale", order=order, producer=producer)


def test_a_household_invoice_shows_the_mentions_and_totals(issued):
    invoice = _sale(issued, issued.chloe_order, issued.bruno)
    text = text_of(invoice_pdf(invoice))

    assert invoice.number in text
    for expected in [
        "Ferme des Prés",
        "SIREN 123456789 · SIRET 12345678900012",
        "VAT number FR40123456789",
        "Chloé",
        "Date of issue",
        f"Date of sale: {day(invoice.sale_date)}",
        "Carottes 3 kg 2,70 € 2,85 € 5,5 % 8,55 €",
        "Total excl. VAT at 5,5 % 8,10 €",
        "VAT at 5,5 % 0,45 €",
        "Total excl. VAT at 20 % 6,92 €",
        "VAT at 20 % 1,38 €",
        "Total excl. VAT 15,02 €",
        "Total VAT 1,83 €",
        "Total incl. VAT 16,85 €",
        "in the name and on behalf of Ferme des Prés, under a billing mandate",
    ]:
        assert expected in text, expected
    assert "40 €" not in text


def test_a_business_invoice_states_its_terms(issued):
    invoice = _sale(issued, issued.bistrot_order, issued.bruno)
    text = text_of(invoice_pdf(invoice))

    assert "Le Bistrot SARL" in text
    assert "SIREN 552100554 · SIRET 55210055400013" in text
    assert f"Due date: {day(invoice.due_date)}" in text
    assert "Late payment penalties: trois fois le taux d'intérêt légal." in text
    assert "Fixed indemnity for recovery costs in case of late payment: 40 €." in text
    assert "Total excl. VAT 29,28 €" in text
    assert "Total VAT 3,12 €" in text
    assert "Total incl. VAT 32,40 €" in text


def test_an_exempt_producers_invoice_says_tva_non_applicable(issued):
    text = text_of(invoice_pdf(_sale(issued, issued.chloe_order, issued.gaelle)))

    assert "TVA non applicable, art. 293 B du CGI" in text
    assert "Total 7,90 €" in text
    assert "VAT at" not in text and "VAT" not in text.replace("TVA non applicable", "")
    assert "Unit price Amount" in text  # no VAT column, not even at 0 %


def test_a_business_invoice_is_factur_x_with_a_valid_en16931_xml(issued):
    invoice = _sale(issued, issued.bistrot_order, issued.bruno)
    data = invoice_pdf(invoice)

    filename, xml = facturx.get_facturx_xml_from_pdf(io.BytesIO(data), check_xsd=False)
    assert filename == "factur-x.xml"
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert facturx.get_level(etree.fromstring(xml)) == "en16931"
    tree = etree.fromstring(xml)
    assert tree.findtext(".//ram:GrandTotalAmount", namespaces=NS) == "32.40"
    assert tree.findtext(".//ram:SellerTradeParty/ram:Name", namespaces=NS) == "Ferme des Prés"
    assert (
        tree.findtext(".//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
        == issued.bistrot_order.number
    )
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp  # PDF/A-3
    assert "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" in xmp


def test_the_e_invoice_of_an_exempt_seller_uses_category_e_with_its_reason(issued):
    xml = cii_xml(_sale(issued, issued.bistrot_order, issued.gaelle))

    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    tree = etree.fromstring(xml)
    header_tax = tree.find(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    assert header_tax.findtext("ram:CategoryCode", namespaces=NS) == "E"
    assert header_tax.findtext("ram:ExemptionReason", namespaces=NS) == (
        "TVA non applicable, art. 293 B du CGI"
    )


def test_e_invoice_lines_add_up_to_each_rates_base_for_vat_included_prices(issued):
    """A delivery fee to a household is VAT-included: nets are spread to the cent."""
    invoice = Invoice.objects.get(order=issued.chloe_order, producer=issued.bruno)
    tree = etree.fromstring(cii_xml(invoice))
    lines = [Decimal(v.text) for v in tree.iterfind(".//ram:LineTotalAmount", NS)]
    *per_line, header = lines
    assert sum(per_line) == header == invoice.total_excl_vat


def test_households_get_a_plain_pdf(issued):
    data = invoice_pdf(_sale(issued, issued.chloe_order, issued.bruno))
    assert b"factur-x.xml" not in data


def test_the_pdf_is_stored_once_and_never_redrawn(issued):
    invoice = _sale(issued, issued.chloe_order, issued.bruno)
    first = invoice_pdf(invoice)
    invoice.refresh_from_db()
    assert invoice.pdf.name.startswith(f"invoices/2026/{invoice.number}")
    assert default_storage.exists(invoice.pdf.name)

    with mock.patch("shop.invoicing.pdf.render_pdf") as render:
        assert invoice_pdf(invoice) == first
    render.assert_not_called()


def test_background_rendering_makes_the_missing_pdfs_and_survives_a_failure(issued):
    ids = list(Invoice.objects.order_by("pk").values_list("pk", flat=True))
    real = pdf.render_html

    def flaky(invoices):  # one invoice breaks the layout of any batch it is in
        if any(invoice.pk == ids[0] for invoice in invoices):
            raise OSError("font missing")
        return real(invoices)

    with mock.patch("shop.invoicing.pdf.render_html", side_effect=flaky):
        assert render_missing(ids) == len(ids) - 1
    assert list(Invoice.objects.filter(pdf="").values_list("pk", flat=True)) == [ids[0]]
    assert render_missing(ids) == 1  # later, or on download


def test_invoices_drawn_together_each_get_a_pdf_of_their_own(issued, settings):
    invoices = list(Invoice.objects.order_by("pk"))
    assert len(invoices) > 2 and any(i.facturx for i in invoices)  # both kinds of batch

    assert render_missing([invoice.pk for invoice in invoices]) == len(invoices)

    for invoice in Invoice.objects.order_by("pk"):
        with default_storage.open(invoice.pdf.name, "rb") as stored:
            data = stored.read()
        reader = PdfReader(io.BytesIO(data))
        others = [other.number for other in invoices if other.pk != invoice.pk]
        text = text_of(data)
        assert invoice.number in text
        assert not [number for number in others if number in text]
        assert reader.metadata.title == invoice.number
        assert reader.trailer["/Root"]["/Lang"] == settings.LANGUAGE_CODE
        assert len(reader.pages) == 1
        assert "1 / 1" not in text  # one page: no page numbers
        filename, _xml = facturx.get_facturx_xml_from_pdf(io.BytesIO(data), check_xsd=False)
        assert (filename == "factur-x.xml") is invoice.facturx


def test_a_long_invoice_numbers_its_pages_and_its_neighbours_keep_theirs(issued):
    long, short = Invoice.objects.filter(order=issued.bistrot_order).order_by("pk")[:2]
    assert long.facturx == short.facturx  # so one batch lays both out
    Invoice.objects.filter(pk=long.pk).update(lines=long.lines * 40)

    render_missing([long.pk, short.pk])  # one batch

    long.refresh_from_db()
    short.refresh_from_db()
    pages = [page.extract_text() for page in PdfReader(long.pdf.open("rb")).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text
    short_text = text_of(short.pdf.open("rb").read())
    assert short.number in short_text and long.number not in short_text
    assert "1 / 1" not in short_text


def test_a_long_household_invoice_amid_one_page_ones_keeps_its_pages_and_they_theirs(issued):
    """Plain invoices: the one-page ones are written together and cut apart."""
    plain = list(Invoice.objects.filter(facturx=False).order_by("pk"))
    assert len(plain) >= 3
    long = plain[1]
    Invoice.objects.filter(pk=long.pk).update(lines=long.lines * 40)

    assert render_missing([invoice.pk for invoice in plain]) == len(plain)  # one batch

    numbers = {invoice.pk: invoice.number for invoice in plain}
    for invoice in Invoice.objects.filter(pk__in=numbers):
        pages = [page.extract_text() for page in PdfReader(invoice.pdf.open("rb")).pages]
        text = "\n".join(pages)
        assert [n for pk, n in numbers.items() if n in text] == [invoice.number]
        if invoice.pk == long.pk:
            assert len(pages) >= 2
            assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
        else:
            assert len(pages) == 1 and "1 / 1" not in text


def test_one_page_invoices_of_a_batch_are_written_once_then_cut(issued):
    """The speed of a large cycle rests on it: one PDF written per batch, not per invoice."""
    from weasyprint.document import Document

    plain = list(Invoice.objects.filter(facturx=False).order_by("pk"))
    assert len(plain) >= 3
    with mock.patch.object(
        Document, "write_pdf", autospec=True, side_effect=Document.write_pdf
    ) as write:
        rendered = dict(pdf.render_pdfs(plain))

    assert write.call_count == 1
    assert all(len(PdfReader(io.BytesIO(data)).pages) == 1 for data in rendered.values())


def test_invoices_with_images_are_not_written_together(issued):
    """Files cut from one PDF would share its resources: another invoice's image
    (a logo, a stamp) must never ride along in a customer's file."""
    from PIL import Image

    def stamped(invoices):  # each invoice with an image of its own colour
        html = real(invoices)
        for n, invoice in enumerate(invoices):
            png = io.BytesIO()
            Image.new("RGB", (4, 4), (n * 40, 0, 0)).save(png, "PNG")
            image = (
                f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}"/>'
            )
            html = html.replace(f'<p id="doc-{invoice.pk}">', f'{image}<p id="doc-{invoice.pk}">')
        return html

    real = pdf.render_html
    plain = list(Invoice.objects.filter(facturx=False).order_by("pk"))
    assert len(plain) >= 2
    with mock.patch("shop.invoicing.pdf.render_html", side_effect=stamped):
        rendered = dict(pdf.render_pdfs(plain))

    for invoice in plain:
        assert len(PdfReader(io.BytesIO(rendered[invoice])).pages[0].images) == 1


def test_invoice_pdfs_use_weasyprints_hooks_as_they_are():
    """Our small user-agent stylesheet and the fast parser go through WeasyPrint's
    internals: if an upgrade changes them, this fails rather than rendering wrong."""
    import weasyprint

    assert "_ua_stylesheets" in vars(weasyprint.HTML)
    assert "_ua_stylesheets" in vars(pdf._html_class())
    # The fast parser sets the tree where WeasyPrint keeps it.
    html = weasyprint.HTML(string="<p>x</p>")
    assert html.etree_element is html.wrapper_element.etree_element
    assert set(vars(html)) == {
        "base_url",
        "url_fetcher",
        "media_type",
        "wrapper_element",
        "etree_element",
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_invoices_and_statements_stay_well_formed_for_the_fast_parser(
    issued, alice, language, settings, caplog
):
    """Invoices and statements are read by the XML parser (see `pdf._html_class`):
    what people type (ampersands, quotes, angle brackets) and the translations
    must keep them well-formed, or they fall back to the slow parser."""
    settings.LANGUAGE_CODE = language  # the language invoices are issued in
    invoice = _sale(issued, issued.chloe_order, issued.bruno)
    odd = 'Ferme <Prés> & "Fils" d\'Orient'
    Invoice.objects.filter(pk=invoice.pk).update(seller={**invoice.seller, "name": odd})
    credit_note_issue(invoice=invoice, reason='Casse <verre> & "retour"', by=alice)
    invoices = list(Invoice.objects.order_by("pk"))

    root = ElementTree.fromstring(pdf.render_html(invoices))  # noqa: S314
    with caplog.at_level(logging.WARNING, logger="shop.printing"):
        data = render_pdf(Invoice.objects.get(pk=invoice.pk))
        statement = distribution_statement(issued.chloe_order.distribution)
        render_statement_pdf(statement, issued.collective)

    assert len(root.findall("body/section")) == len(invoices)
    assert "not well-formed" not in caplog.text
    assert odd in text_of(data)
    assert {"fr": "TVA à 5,5 % 0,45 €", "en": "VAT at 5,5 % 0,45 €"}[language] in text_of(data)


def test_a_document_that_is_not_well_formed_goes_through_weasyprints_parser():
    html = "<!doctype html><p>Déjà vu&nbsp;: une ligne<br>puis une autre"

    data = pdf._html_class()(string=html).write_pdf()

    assert "Déjà vu : une ligne\npuis une autre" in text_of(data)


def test_invoices_issued_are_queued_for_rendering_after_commit(
    closed, alice, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker and workers
    with (
        mock.patch("shop.invoicing.tasks.render_invoice_pdfs.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        issued = cycle_invoices_issue(cycle=closed.cycle, by=alice)
    delay.assert_called_once_with([invoice.pk for invoice in issued.invoices])


def test_without_a_broker_pdfs_are_drawn_on_first_download(
    closed, alice, django_capture_on_commit_callbacks
):
    with (
        mock.patch("shop.invoicing.tasks.render_invoice_pdfs.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        cycle_invoices_issue(cycle=closed.cycle, by=alice)
    delay.assert_not_called()
    invoice = Invoice.objects.first()
    assert not invoice.pdf
    assert invoice_pdf(invoice).startswith(b"%PDF")


def test_an_order_receipt_gathers_the_producers_invoices(issued):
    invoices = Invoice.objects.filter(order=issued.chloe_order).order_by("pk")
    text = text_of(merge([invoice_pdf(invoice) for invoice in invoices]))
    for invoice in invoices:
        assert invoice.number in text


def test_invoices_are_issued_in_the_collectives_language(closed, alice, settings):
    settings.LANGUAGE_CODE = "fr"
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    invoice = _sale(closed, closed.chloe_order, closed.bruno)
    with translation.override("fr"):
        mandate = gettext(
            "Invoice issued by %(issuer)s in the name and on behalf of %(seller)s, "
            "under a billing mandate."
        ) % {"issuer": "Association Panier des Prés", "seller": "Ferme des Prés"}
        title, issued_on = gettext("Invoice"), gettext("Date of issue")

    assert invoice.mentions[0] == mandate  # frozen in French at issue
    text = text_of(invoice_pdf(invoice))
    assert title in text
    assert f"{issued_on} : {invoice.issue_date:%d/%m/%Y}" in text  # French colon spacing
    assert "16,85 €" in text
