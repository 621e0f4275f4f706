"""Background work of invoicing: rendering the PDFs of invoices just issued."""

import logging

from celery import shared_task
from django.conf import settings

from shop.invoicing.models import Invoice
from shop.invoicing.pdf import render_missing

logger = logging.getLogger(__name__)

CHUNK = 50


def schedule_pdfs(invoice_ids: list[int]) -> None:
    """Queue the rendering in chunks, so that several workers share a big cycle.

    Without a broker (tasks run in-process) nothing is queued: thousands of
    PDFs would be drawn inside the admin's request; each is drawn on its
    first download instead.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    for start in range(0, len(invoice_ids), CHUNK):
        try:
            render_invoice_pdfs.delay(invoice_ids[start : start + CHUNK])
        except Exception:  # a broker hiccup: downloads render what is missing
            logger.exception("PDF rendering of invoices could not be queued")


@shared_task(ignore_result=True)
def render_invoice_pdfs(invoice_ids: list[int]) -> int:
    return render_missing(invoice_ids)


@shared_task(ignore_result=True)
def render_missing_invoice_pdfs() -> int:
    """Catch up on PDFs not rendered yet (a worker lost, a broker down)."""
    ids = list(Invoice.objects.filter(pdf="").order_by("pk").values_list("pk", flat=True)[:1000])
    return render_missing(ids)
