"""HTML to PDF, behind two small functions (WeasyPrint today).

WeasyPrint lays out about a thousand lines a second on one core, so the
long documents of a large cycle (a basket sheet per order, thousands of
labels) are cut into chunks of whole blocks, rendered side by side in
worker processes (one per core) and joined in order. Templates stay plain
and light on boxes: the time grows with the number of lines laid out.
"""

import io
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from django.template.loader import render_to_string

# WeasyPrint logs every rendering step at INFO: only its warnings matter to us.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("pdf_worker.py")
MAX_WORKERS = 4
# Below this weight (about the lines to lay out) one process is quicker than several.
CHUNK_WEIGHT = 1500
WORKER_TIMEOUT = 600


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def pdf_from_template(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def pdf_from_blocks(
    template: str,
    context: dict,
    blocks: Sequence,
    *,
    weight: Callable[[object], int],
    align: int = 1,
    put: Callable[[dict, list], dict] | None = None,
) -> bytes:
    """Render `blocks` (e.g. one per order) with `template`, in parallel when long.

    `put(context, chunk)` returns the context for a chunk (by default the
    chunk is the context's "data"); chunks hold whole multiples of `align`
    blocks (e.g. 24 labels, a full sheet). Chunked documents are told so
    (`chunked`), as their page numbers restart with each chunk.
    """
    put = put or (lambda ctx, chunk: {**ctx, "data": chunk})
    chunks = _chunks(list(blocks), weight, align, workers=worker_count())
    if len(chunks) <= 1:
        return pdf_from_template(template, put(context, list(blocks)))
    htmls = [render_to_string(template, put({**context, "chunked": True}, c)) for c in chunks]
    return merge(_convert_side_by_side(htmls))


def worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def merge(pdfs: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for content in pdfs:
        writer.append(io.BytesIO(content))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _chunks(blocks: list, weight, align: int, *, workers: int) -> list[list]:
    """Consecutive runs of blocks of about equal weight, cut at multiples of `align`."""
    units = [blocks[i : i + align] for i in range(0, len(blocks), align)]
    weights = [sum(weight(b) for b in unit) for unit in units]
    total = sum(weights)
    count = min(workers, len(units))
    if count <= 1 or total < CHUNK_WEIGHT:
        return [blocks]
    target = total / count
    chunks: list[list] = [[]]
    done = 0
    for unit, load in zip(units, weights, strict=True):
        # Cut at the boundary nearest to the next multiple of the target.
        if chunks[-1] and len(chunks) < count and done + load / 2 > target * len(chunks):
            chunks.append([])
        chunks[-1].extend(unit)
        done += load
    return chunks


def _convert_side_by_side(htmls: list[str]) -> list[bytes]:
    """The first chunk here, the others in worker processes at the same time."""
    with tempfile.TemporaryDirectory(prefix="groupage-pdf-") as folder:
        jobs = []
        for index, html in enumerate(htmls[1:], start=1):
            source = Path(folder) / f"{index}.html"
            target = Path(folder) / f"{index}.pdf"
            source.write_text(html, encoding="utf-8")
            process = subprocess.Popen(  # noqa: S603 - our own script, our own files
                [sys.executable, str(WORKER), str(source), str(target)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            jobs.append((process, html, target))
        results = [html_to_pdf(htmls[0])]
        for process, html, target in jobs:
            try:
                _out, errors = process.communicate(timeout=WORKER_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                errors = b"timeout"
            if process.returncode == 0 and target.exists():
                results.append(target.read_bytes())
            else:  # do it here rather than fail the document
                logger.warning("PDF worker failed, rendering in process: %s", errors[-500:])
                results.append(html_to_pdf(html))
        return results
