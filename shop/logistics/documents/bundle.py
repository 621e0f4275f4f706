"""Every document of a cycle at once, in one ZIP file.

Data and HTML are made here; all the PDFs (and the chunks of the long ones)
are then converted side by side, one per core, while this process writes
the spreadsheets: the whole set takes about the sum of the work divided by
the cores, not the sum.
"""

import io
import zipfile

from shop.cycles.models import OrderCycle
from shop.logistics.documents.pdf import convert_many, merge
from shop.logistics.documents.registry import (
    DOCUMENTS,
    Scope,
    filename,
    pdf_htmls,
    table_file,
)
from shop.logistics.reports.common import header_for


def documents_zip(cycle: OrderCycle) -> bytes:
    header = header_for(cycle)
    scope = Scope()
    files: dict[str, bytes] = {}
    pieces: list[tuple[str, int, bool]] = []  # (PDF name, number of chunks, page numbers)
    htmls: list[str] = []
    for document in DOCUMENTS.values():
        data = document.data(cycle, scope)
        chunks = pdf_htmls(document, data, header=header, scope=scope)
        numbered = document.chunking is not None and document.chunking.page_numbers
        pieces.append((filename(document, cycle, scope, "pdf"), len(chunks), numbered))
        htmls.extend(chunks)
        for fmt in ("csv", "xlsx"):
            files[filename(document, cycle, scope, fmt)] = table_file(
                document, data, header=header, fmt=fmt
            )
    pdfs = iter(convert_many(htmls))
    for name, count, numbered in pieces:
        parts = [next(pdfs) for _ in range(count)]
        files[name] = parts[0] if count == 1 else merge(parts, page_numbers=numbered)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return out.getvalue()
