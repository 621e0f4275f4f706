"""Unpaid provider invoices: reminders, then the shop goes read-only after the grace period.

Reminders go 1, 7 and 14 days after the due date (one each, even if the job
missed a day); `GRACE_DAYS` after the due date the shop turns read-only for
consumers until every overdue invoice is paid (see `billing.provider.access`).
Card invoices are charged again before each reminder.
"""

from datetime import date

from django.utils import timezone
from django_tenants.utils import tenant_context

from billing import mail
from billing.provider.access import GRACE_DAYS, subscription_refresh_access
from billing.provider.models import ProviderInvoice

REMINDER_DAYS = (1, 7, 14)


def reminders_due(days_late: int) -> int:
    return sum(1 for day in REMINDER_DAYS if days_late >= day)


def dunning_run(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"reminders": 0, "read_only": 0}
    overdue = (
        ProviderInvoice.objects.filter(status=ProviderInvoice.Status.OPEN, due_on__lt=today)
        .select_related("collective")
        .order_by("collective_id", "due_on")
    )
    collectives = {}
    for invoice in overdue:
        days_late = (today - invoice.due_on).days
        if invoice.reminders_sent < reminders_due(days_late):
            if invoice.collection == ProviderInvoice.Collection.STRIPE:
                from billing.provider.collection import provider_invoice_collect

                invoice = provider_invoice_collect(invoice=invoice)
                if invoice.status == ProviderInvoice.Status.PAID:
                    continue
            _remind(invoice, days_late)
            counts["reminders"] += 1
        collectives[invoice.collective_id] = invoice.collective
    for collective_id in collectives:
        if subscription_refresh_access(collective_id=collective_id, today=today):
            counts["read_only"] += 1
    return counts


def _remind(invoice: ProviderInvoice, days_late: int) -> None:
    collective = invoice.collective
    mail.send(
        to=_addresses(collective),
        template="provider_invoice_reminder",
        context={
            "invoice": invoice,
            "collective": collective,
            "days_late": days_late,
            "grace_days": GRACE_DAYS,
            "read_only_after": max(GRACE_DAYS - days_late, 0),
        },
    )
    ProviderInvoice.objects.filter(pk=invoice.pk).update(
        reminders_sent=reminders_due(days_late), last_reminder_at=timezone.now()
    )


def _addresses(collective) -> list[str]:
    """The collective's contact address and its admins' (read in its schema)."""
    from groupage.accounts.models import Role, User

    with tenant_context(collective):
        admins = list(
            User.objects.filter(role=Role.ADMIN, is_active=True).values_list("email", flat=True)
        )
    return sorted({collective.contact_email, *admins} - {""})
