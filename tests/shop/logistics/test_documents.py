"""The documents as files: real PDFs read back, CSVs a French spreadsheet opens, XLSX."""

import io
import logging
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from shop.logistics.documents.registry import DOCUMENTS, Scope, render_document
from tests.shop.logistics.helpers import csv_rows, pdf_pages, pdf_text, xlsx_rows

D = Decimal


def render(week, slug, fmt, **scope):
    with translation.override("en"):
        return render_document(DOCUMENTS[slug], fmt, cycle=week.cycle, scope=Scope(**scope)).content


def test_harvest_pdf_shows_each_producer_totals(closed):
    text = pdf_text(render(closed, "harvest", "pdf"))
    assert "Harvest list — Ferme des Prés" in text
    assert "Harvest list — Fromagerie de la Vallée" in text
    assert "Carottes Fresh 16.5 kg" in text  # every order
    assert "Poulet fermier (≈ 5.4 kg) Fresh 3 pieces" in text  # about 1,8 kg each
    assert "Provisional" not in text


def test_in_french_numbers_take_a_decimal_comma(closed):
    with translation.override("fr"):
        content = render_document(DOCUMENTS["harvest"], "pdf", cycle=closed.cycle).content
    text = pdf_text(content)
    assert "16,5 kg" in text
    assert "Fromagerie de la Vallée" in text


def test_documents_of_an_open_cycle_say_they_are_provisional(ordered):
    assert "Provisional" in pdf_text(render(ordered, "harvest", "pdf"))


def test_a_producers_pdf_holds_only_their_goods(closed):
    text = pdf_text(render(closed, "preparation", "pdf", producer=closed.lucie_farm))
    assert "Tomme" in text and "Glace vanille" in text
    assert "Carottes" not in text and "Ferme des Prés —" not in text
    assert "Épicerie Le Bocal" in text and "FROZEN — ONE CRATE" in text


def test_pickup_pdf_lists_names_numbers_and_amounts_per_point(closed):
    text = pdf_text(render(closed, "pickup", "pdf", point=closed.farm))
    chloe, farid = closed.orders["chloe"], closed.orders["farid"]
    assert "Pickup list — Ferme des Prés" in text
    assert "DUPRÉ Chloé" in text and chloe.number in text
    assert "AMRANI Farid" in text and farid.number in text
    assert f"{chloe.total_incl_vat:.2f}\u00a0€" in text
    assert "2 orders" in text
    assert "Élan" not in text  # Emma collects at the shop


def test_basket_sheets_group_lines_by_storage_class(closed):
    text = pdf_text(render(closed, "baskets", "pdf"))
    assert all(f"{o.number} — " in text for o in closed.orders.values())
    emma = text[text.index(closed.orders["emma"].number) :]
    assert emma.index("AMBIENT · 1 BAG") < emma.index("FRESH · 1 BAG") < emma.index("FROZEN")
    assert "☐ 2 jars — Miel de fleurs 250 g (Ferme des Prés)" in emma
    chloe = text[text.index(closed.orders["chloe"].number) :]
    assert "☐ 1 piece — Poulet fermier" in chloe  # sold by weight, ordered by the piece


def test_labels_are_one_per_bag_with_a_qr_code(closed):
    from io import BytesIO

    from pypdf import PdfReader

    content = render(closed, "labels", "pdf")
    reader = PdfReader(BytesIO(content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.count(closed.orders["chloe"].number) == 3  # ambient 1, fresh 2
    assert "FRESH 1/2" in text and "FRESH 2/2" in text
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 1  # QR codes (one image per order, drawn on each of its labels)


def test_labels_fill_a4_sheets_of_24(closed, in_panier):
    from tests.shop.logistics.test_reports import _more_orders

    _more_orders(closed, 10)  # 14 orders × 3 or so bags: more than one sheet
    from shop.logistics.reports.labels import labels_for

    count = len(labels_for(closed.cycle))
    assert pdf_pages(render(closed, "labels", "pdf")) == -(-count // 24)


def test_delivery_note_for_the_professional(closed):
    from shop.orders.models import Order

    text = pdf_text(render(closed, "delivery-notes", "pdf"))
    bistrot = Order.objects.get(pk=closed.orders["bistrot"].pk)
    assert "Delivery note " + bistrot.number in text
    assert "Le Bistrot" in text and "92229928400013" in text
    for line in bistrot.lines.all():
        assert f"{line.amount:.2f}" in text
    assert f"{bistrot.total_excl_vat:.2f}" in text and f"{bistrot.total_incl_vat:.2f}" in text


def test_csv_opens_in_a_french_spreadsheet_with_accents(closed):
    rows = csv_rows(render(closed, "pickup", "csv"))
    assert rows[0][:4] == ["Pickup point", "Date", "Customer", "Order"]
    points = {row[0] for row in rows[1:]}
    assert points == {"Ferme des Prés", "Épicerie Le Bocal"}
    chloe = next(row for row in rows if row[3] == closed.orders["chloe"].number)
    assert chloe[2] == "DUPRÉ Chloé"
    assert chloe[8] == f"{closed.orders['chloe'].total_incl_vat:.2f}".replace(".", ",").rstrip(
        "0"
    ).rstrip(",")


def test_harvest_csv_splits_quantities_per_distribution_day(closed):
    rows = csv_rows(render(closed, "harvest", "csv", producer=closed.bruno_farm))
    header = rows[0]
    assert header[:6] == ["Producer", "Product", "Variant", "Unit", "Storage", "Quantity"]
    carrots = next(row for row in rows if row[1] == "Carottes")
    assert carrots[5] == "16,5"
    assert carrots[6:8] == ["5", "11,5"]  # Thursday at the farm, Friday at the shop


def test_xlsx_has_numbers_as_numbers(closed):
    rows = xlsx_rows(render(closed, "groupage", "xlsx"))
    assert rows[0][0] == "Producer"
    carrots = next(row for row in rows if row[1] == "Carottes")
    assert carrots[0] == "Ferme des Prés"
    assert carrots[5] == pytest.approx(16.5)


def test_a_cell_that_looks_like_a_formula_is_defused(closed):
    from shop.logistics.documents.tables import Table, csv_bytes

    rows = csv_rows(csv_bytes(Table("t", ["a"], [["=HYPERLINK(1)"], [D("-1.5")]])))
    assert rows[1:] == [["'=HYPERLINK(1)"], ["-1,5"]]


@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_every_document_renders_in_every_format_even_empty(week, slug):
    week.close()
    for fmt in ("pdf", "csv", "xlsx"):
        assert render(week, slug, fmt)
    assert "No" in pdf_text(render(week, slug, "pdf"))


@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_every_document_is_well_formed_for_the_fast_parser(closed, slug, caplog):
    """Documents are read by the XML parser (shop.printing); one that is not
    well-formed still renders, slower, with a warning."""
    with caplog.at_level(logging.WARNING, logger="shop.printing"):
        assert pdf_text(render(closed, slug, "pdf"))
    assert "not well-formed" not in caplog.text


def test_a_long_document_is_rendered_in_chunks_side_by_side_and_joined_in_order(
    closed, monkeypatch, caplog
):
    from shop.logistics.documents import pdf

    whole = pdf_text(render(closed, "baskets", "pdf"))
    monkeypatch.setattr(pdf, "CHUNK_WEIGHT", 1)
    monkeypatch.setattr(pdf, "worker_count", lambda: 3)
    with caplog.at_level(logging.WARNING):
        content = render(closed, "baskets", "pdf")
    assert "PDF worker" not in caplog.text  # the workers did it, and said nothing
    chunked = pdf_text(content)
    numbers = sorted(o.number for o in closed.orders.values())

    def order_of(text):
        return sorted(numbers, key=text.index)

    assert order_of(chunked) == order_of(whole)
    assert pdf_pages(content) >= 2  # each chunk starts its own page
    # Numbered as one document, as a whole one is by WeasyPrint.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    for number, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"{number} / {len(pages)}"), text[-40:]


def test_joined_pieces_are_numbered_only_when_asked_and_labels_never_are():
    from shop.logistics.documents.pdf import html_to_pdf, merge

    parts = [html_to_pdf("<p>Première partie</p>"), html_to_pdf("<p>Seconde partie</p>")]

    numbered = [
        page.extract_text() for page in PdfReader(io.BytesIO(merge(parts, page_numbers=True))).pages
    ]
    assert [text.split("\n")[-1] for text in numbered] == ["1 / 2", "2 / 2"]
    assert "/ 2" not in pdf_text(merge(parts))
    assert DOCUMENTS["labels"].chunking.page_numbers is False  # sheets of labels: no foot


def test_a_page_with_no_content_of_its_own_is_numbered_too():
    from pypdf import PdfWriter

    from shop.logistics.documents.pdf import html_to_pdf, merge

    blank = PdfWriter()
    blank.add_blank_page(595, 842)  # no /Contents, no /Resources
    out = io.BytesIO()
    blank.write(out)

    merged = merge([html_to_pdf("<p>Seule page écrite</p>"), out.getvalue()], page_numbers=True)

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(merged)).pages]
    assert "Seule page écrite" in texts[0]
    assert [text.split("\n")[-1].strip() for text in texts] == ["1 / 2", "2 / 2"]


def test_chunks_are_whole_runs_of_about_equal_weight():
    from shop.logistics.documents.pdf import _chunks

    blocks = list(range(100))
    chunks = _chunks(blocks, lambda b: 30, 24, workers=2)
    assert [len(c) for c in chunks] == [48, 52]  # cut after two full sheets of 24
    assert [b for chunk in chunks for b in chunk] == blocks
    assert _chunks(blocks[:10], lambda b: 1, 1, workers=4) == [blocks[:10]]  # too light


def test_a_failed_worker_is_replaced_by_rendering_here(closed, monkeypatch, tmp_path):
    from shop.logistics.documents import pdf

    broken = tmp_path / "broken.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(pdf, "WORKER", broken)
    monkeypatch.setattr(pdf, "CHUNK_WEIGHT", 1)
    monkeypatch.setattr(pdf, "worker_count", lambda: 2)
    text = pdf_text(render(closed, "baskets", "pdf"))
    assert all(o.number in text for o in closed.orders.values())


def test_every_document_in_one_zip(closed):
    import io
    import zipfile

    from shop.logistics.documents.bundle import documents_zip

    with translation.override("en"):
        archive = zipfile.ZipFile(io.BytesIO(documents_zip(closed.cycle)))
    names = archive.namelist()
    assert len(names) == len(DOCUMENTS) * 3
    harvest = next(n for n in names if n.startswith("harvest-") and n.endswith(".pdf"))
    assert "Carottes Fresh 16.5 kg" in pdf_text(archive.read(harvest))
    pickup = next(n for n in names if n.startswith("pickup-") and n.endswith(".csv"))
    assert "Épicerie Le Bocal" in archive.read(pickup).decode("utf-8-sig")
