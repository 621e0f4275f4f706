"""HTML to PDF, behind a few small functions (WeasyPrint today).

WeasyPrint lays out about a thousand lines a second on one core, so the
long documents of a large cycle (a basket sheet per order, thousands of
labels) are cut into chunks of whole blocks, rendered side by side in
worker processes (one per core) and joined in order ("n / N" page numbers
written on the joined pages). Templates stay plain and light on boxes: the
time grows with the number of lines laid out. They are well-formed XHTML,
read by the C XML parser and styled with a small user-agent stylesheet
(`pdf_ua.css`, WeasyPrint's defaults for the elements they use): see
`shop.printing`; together a fifth to a third quicker.
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

from shop.printing import html_class

# WeasyPrint logs every rendering step at INFO: only its warnings matter to us.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("pdf_worker.py")
UA_STYLESHEET = Path(__file__).with_name("pdf_ua.css")
MAX_WORKERS = 4
# Below this weight (about the lines to lay out) one process is quicker than several.
CHUNK_WEIGHT = 1500
WORKER_TIMEOUT = 600


def html_to_pdf(html: str) -> bytes:
    """The PDF of a document's HTML (well-formed XHTML: see `shop.printing`)."""
    return html_class(UA_STYLESHEET)(string=html).write_pdf()


def pdf_from_template(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def chunk_htmls(
    template: str,
    context: dict,
    blocks: Sequence,
    *,
    weight: Callable[[object], int],
    align: int = 1,
    put: Callable[[dict, list], dict] | None = None,
) -> list[str]:
    """The document's HTML, in as many chunks as it is worth rendering side by side."""
    put = put or (lambda ctx, chunk: {**ctx, "data": chunk})
    chunks = _chunks(list(blocks), weight, align, workers=worker_count())
    if len(chunks) <= 1:
        return [render_to_string(template, put(context, list(blocks)))]
    return [render_to_string(template, put({**context, "chunked": True}, c)) for c in chunks]


def worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def merge(pdfs: list[bytes], *, page_numbers: bool = False) -> bytes:
    """One PDF of `pdfs`, in order.

    With `page_numbers`, each page gets "n / N" at its foot, where `base.html`
    puts it on a document laid out whole: pieces laid out side by side cannot
    count each other's pages.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for content in pdfs:
        writer.append(io.BytesIO(content))
    if page_numbers:
        _number_pages(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Where base.html's @bottom-right box writes its "n / N": 12 mm from the right
# edge, 7.5 pt, centred in the 14 mm bottom margin; grey #555.
_FOOT_RIGHT = 12 * 72 / 25.4
_FOOT_BASELINE = 17.3
_FOOT_SIZE = 7.5
# Helvetica's advance widths (per 1000): digits, and the space and slash.
_DIGIT, _OTHER = 556, 278


def _number_pages(writer) -> None:
    """Write "n / N" on each page: a small content stream drawn after the page's
    own (kept in its graphics state), in Helvetica, one of the standard PDF
    fonts (nothing to embed). A tenth of a millisecond per page. For pages as
    WeasyPrint makes them: upright (a /Rotate would turn the number too)."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        text = f"{number} / {total}"
        width = sum(_DIGIT if c.isdigit() else _OTHER for c in text) * _FOOT_SIZE / 1000
        x = float(page.mediabox.right) - _FOOT_RIGHT - width
        y = float(page.mediabox.bottom) + _FOOT_BASELINE
        if "/Resources" not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page["/Resources"].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object()[NameObject("/GroupageFoot")] = font
        foot = f"q 0.333 g BT /GroupageFoot {_FOOT_SIZE} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q"
        contents = page.get_contents()  # a stream is a dictionary: an empty one is falsy
        if contents is None:
            contents = ContentStream(None, writer)
        contents.set_data(b"q\n" + contents.get_data() + b"\nQ\n" + foot.encode() + b"\n")
        page.replace_contents(contents)
        page.compress_content_streams()


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


def convert_many(htmls: list[str]) -> list[bytes]:
    """PDFs of `htmls`, in order, `worker_count()` at a time: this process
    converts some, worker processes the others (a failed worker's share is
    done here rather than failing the document)."""
    workers = worker_count()
    if workers <= 1 or len(htmls) <= 1:
        return [html_to_pdf(html) for html in htmls]
    results: list[bytes | None] = [None] * len(htmls)
    with tempfile.TemporaryDirectory(prefix="groupage-pdf-") as folder:
        waiting = list(range(len(htmls)))
        running: dict[int, tuple[subprocess.Popen, Path]] = {}
        while waiting or running:
            while waiting and len(running) < workers - 1:
                index = waiting.pop()  # the largest indexes go out, this process takes the first
                running[index] = _start(htmls[index], Path(folder), index)
            if waiting:
                index = waiting.pop(0)
                results[index] = html_to_pdf(htmls[index])
            for index in [i for i, (process, _t) in running.items() if process.poll() is not None]:
                results[index] = _collect(*running.pop(index), htmls[index])
            if not waiting and running:  # nothing left to do here: wait for a worker
                index = next(iter(running))
                results[index] = _collect(*running.pop(index), htmls[index])
    return results  # type: ignore[return-value]


def _start(html: str, folder: Path, index: int) -> tuple[subprocess.Popen, Path]:
    source, target = folder / f"{index}.html", folder / f"{index}.pdf"
    source.write_text(html, encoding="utf-8")
    with (folder / f"{index}.err").open("wb") as errors:  # a file: a full pipe would block
        process = subprocess.Popen(  # noqa: S603 - our own script, our own files
            [sys.executable, str(WORKER), str(source), str(target)],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    return process, target


def _collect(process: subprocess.Popen, target: Path, html: str) -> bytes:
    try:
        process.wait(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    errors = target.with_suffix(".err")
    if process.returncode == 0 and target.exists():
        if errors.exists() and (said := errors.read_text(errors="replace").strip()):
            logger.warning("PDF worker: %s", said[-500:])  # WeasyPrint's or ours
        return target.read_bytes()
    logger.warning(
        "PDF worker failed, rendering in process: %s",
        errors.read_text(errors="replace")[-500:] if errors.exists() else process.returncode,
    )
    return html_to_pdf(html)
