"""Background work of invoicing: rendering the PDFs of invoices just issued."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from shop.invoicing.models import Invoice, InvoicingSettings
from shop.invoicing.pdf import render_missing
from shop.invoicing.services.cycle import cycle_invoices_issue, cycles_due_for_invoicing

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
    # Those just issued are being drawn by the tasks issuance queued.
    before = timezone.now() - timedelta(minutes=15)
    ids = list(
        Invoice.objects.filter(pdf="", issued_at__lt=before)
        .order_by("issued_at")
        .values_list("pk", flat=True)[:1000]
    )
    return render_missing(ids)


@shared_task(ignore_result=True)
def issue_due_cycle_invoices() -> int:
    """Issue the invoices of the cycles due, where the collective asked for it.

    A cycle whose legal data is incomplete is left for the admins, who see it
    "not issued yet" in the back-office with what to fill in when they try.
    """
    days = InvoicingSettings.load().auto_issue_days
    if days is None:
        return 0
    collective = connection.tenant
    today = timezone.localdate(timezone.now(), collective.zone)
    issued = 0
    for cycle in cycles_due_for_invoicing(today=today, days=days):
        try:
            issued += cycle_invoices_issue(cycle=cycle, collective=collective).count
        except ValidationError as error:
            logger.warning(
                "Invoices of cycle %s not issued: %s", cycle.pk, "; ".join(error.messages)
            )
    return issued
