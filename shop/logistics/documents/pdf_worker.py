"""Render one HTML file to a PDF file: `python pdf_worker.py in.html out.pdf`.

Run by `pdf.convert_many` as a separate process, so long documents (and
the whole set of a cycle's documents) use every core. It needs WeasyPrint only: no Django, no database.
"""

import sys
from pathlib import Path


def main(source: str, target: str) -> None:
    from weasyprint import HTML

    html = Path(source).read_text(encoding="utf-8")
    Path(target).write_bytes(HTML(string=html, base_url=None).write_pdf())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
