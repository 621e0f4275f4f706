"""Print HTML read by the XML parser (shop.printing)."""

import io
import logging
from pathlib import Path

from pypdf import PdfReader

from shop.printing import html_class

UA = Path(__file__).resolve().parents[2] / "shop/logistics/documents/pdf_ua.css"


def test_control_characters_typed_in_are_dropped_and_keep_the_fast_parser(caplog):
    """A soft return pasted from a word processor is not XML: it goes, the rest prints."""
    html = "<!DOCTYPE html><html><body><p>Chez\x0b Dupré &amp; fils</p></body></html>"

    with caplog.at_level(logging.WARNING, logger="shop.printing"):
        data = html_class(UA)(string=html).write_pdf()

    assert "not well-formed" not in caplog.text
    assert "Chez Dupré & fils" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
