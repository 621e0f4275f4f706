"""HTML to PDF, behind one small function (WeasyPrint today).

Templates are plain and light on boxes (few nested tables, no per-page
loops): WeasyPrint's time grows with the number of boxes laid out, so a
1,000-order cycle's documents stay within seconds.
"""

import logging

from django.template.loader import render_to_string

# WeasyPrint logs every rendering step at INFO: only its warnings matter to us.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def pdf_from_template(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf()
