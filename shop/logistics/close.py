"""Closing a cycle at its deadline: orders freeze, producers get their documents.

Rules enforced here:
- a cycle closes at its deadline (`closes_at`, reckoned in the collective's
  zone when the cycle was made), never before;
- closing is idempotent: closing a closed cycle changes nothing and sends
  nothing again;
- at close every producer is e-mailed their lists, and the back-office gets
  every document of the cycle in one ZIP, made in the background;
- closing takes the cycle's row lock (FOR UPDATE): checkouts in flight hold
  a shared lock on it (see shop.orders.services), so closing waits for them
  and no order slips in once `closed_at` is set.
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.cycles.models import OrderCycle
from shop.logistics.bundles import bundle_request
from shop.logistics.reports.common import live_lines

logger = logging.getLogger(__name__)


def cycle_close(*, cycle: OrderCycle, now: datetime | None = None) -> bool:
    """Close `cycle`; True if this call closed it, False if it was closed already."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = OrderCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.closed_at is not None:
            cycle.closed_at = locked.closed_at
            return False
        if now < locked.closes_at:
            raise ValidationError(
                _("Orders for this cycle close on %(deadline)s; it cannot close before.")
                % {"deadline": date_format(timezone.localtime(locked.closes_at), "l j F, H:i")}
            )
        locked.closed_at = now
        locked.save(update_fields=["closed_at"])
        producer_ids = sorted(set(live_lines(locked).values_list("producer_id", flat=True)))
        transaction.on_commit(lambda: _send_documents(locked.pk, producer_ids))
        if producer_ids:
            bundle_request(cycle=locked)
    cycle.closed_at = now
    logger.info("Cycle %s closed, %d producers to e-mail", cycle.pk, len(producer_ids))
    return True


def cycles_due(now: datetime):
    """Cycles past their deadline and not closed yet."""
    return OrderCycle.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by(
        "closes_at"
    )


def _send_documents(cycle_id: int, producer_ids: list[int]) -> None:
    from shop.logistics.tasks import send_producer_documents

    for producer_id in producer_ids:
        send_producer_documents.delay(cycle_id, producer_id)
