"""Render one HTML file to a PDF file: `python pdf_worker.py in.html out.pdf`.

Run by `pdf.convert_many` as a separate process, so long documents (and
the whole set of a cycle's documents) use every core. It needs WeasyPrint and
`shop.printing` only: no Django, no database.
"""

import sys
from pathlib import Path


def main(source: str, target: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the checkout, for `shop`
    from shop.printing import html_class

    html = Path(source).read_text(encoding="utf-8")
    stylesheet = Path(__file__).with_name("pdf_ua.css")
    Path(target).write_bytes(html_class(stylesheet)(string=html).write_pdf())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
