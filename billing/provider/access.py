"""Whether a collective's shop takes orders, given what it owes the provider.

An invoice unpaid `GRACE_DAYS` after its due date makes the shop read-only:
consumers still see it but cannot order; the collective's admins keep the
back-office, so they can pay and export. Paying gives the shop back at once.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from billing.models import Subscription
from billing.provider.models import ProviderInvoice

GRACE_DAYS = 15


def shop_is_read_only(collective) -> bool:
    if collective is None or getattr(collective, "schema_name", "public") == "public":
        return False
    return Subscription.objects.filter(collective_id=collective.pk, read_only=True).exists()


def overdue_beyond_grace(collective_id: int, today: date) -> bool:
    return ProviderInvoice.objects.filter(
        collective_id=collective_id,
        status=ProviderInvoice.Status.OPEN,
        due_on__lt=today - timedelta(days=GRACE_DAYS),
    ).exists()


def subscription_refresh_access(*, collective_id: int, today: date | None = None) -> bool:
    """Set the read-only flag from the invoices; returns whether the shop is read-only."""
    today = today or timezone.localdate()
    read_only = overdue_beyond_grace(collective_id, today)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(collective_id=collective_id).first()
        )
        if subscription is None:
            return False
        if subscription.read_only != read_only:
            subscription.read_only = read_only
            subscription.read_only_since = timezone.now() if read_only else None
            subscription.save(update_fields=["read_only", "read_only_since"])
            from maintenance.models import AuditEntry

            AuditEntry.objects.create(
                collective_id=collective_id,
                actor="billing",
                action="shop_read_only" if read_only else "shop_reactivated",
                reason="unpaid invoice past the grace period" if read_only else "invoices paid",
            )
    return read_only
