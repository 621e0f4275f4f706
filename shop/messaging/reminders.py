"""The reminder before the deadline (relance).

Rules:
- it goes out `ShopSettings.reminder_hours_before` hours before a cycle's
  deadline, counted on the collective's clock: 24 hours before a Sunday
  20:00 deadline is Saturday 20:00 in the collective's zone, even on the
  weekend summer time starts or ends;
- to every consumer (active, address verified) who has no live order in the
  cycle and has not opted out; not when the shop is closed, nor for a cycle
  with nothing on offer;
- once per consumer and cycle, whatever the number of runs (see `claims`);
  a reminder the mail server refused is given back, to be tried next run;
- each carries a one-click unsubscribe link and List-Unsubscribe headers.

The task runs every quarter of an hour in each collective (groupage/beat.py).
"""

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from groupage.accounts.models import User
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.members.models import ShopSettings
from shop.messaging import claims
from shop.messaging.audience import reminder_audience
from shop.messaging.emails import mail_session, send_templated_email, site_url
from shop.messaging.models import ReminderSent
from shop.messaging.unsubscribe import REMINDERS, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

# Candidates are fetched with this margin, then checked on the collective's clock.
_SUMMER_TIME_MARGIN = timedelta(hours=2)


def reminder_moment(closes_at: datetime, *, hours: int, zone: ZoneInfo) -> datetime:
    """When the reminder of a deadline is due: `hours` earlier on the local wall clock."""
    local_deadline = closes_at.astimezone(zone).replace(tzinfo=None)
    return (local_deadline - timedelta(hours=hours)).replace(tzinfo=zone).astimezone(UTC)


def cycles_due(*, now: datetime, zone: ZoneInfo) -> list[OrderCycle]:
    """Open cycles whose reminder moment has come and whose deadline has not passed."""
    shop = ShopSettings.load()
    if not shop.is_open:
        return []
    hours = shop.reminder_hours_before
    candidates = OrderCycle.objects.filter(
        Exists(OfferItem.objects.filter(cycle=OuterRef("pk"))),
        closed_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(hours=hours) + _SUMMER_TIME_MARGIN,
    )
    return [c for c in candidates if reminder_moment(c.closes_at, hours=hours, zone=zone) <= now]


def send_deadline_reminders(*, now: datetime | None = None) -> int:
    """Send the reminders due now in the current collective; how many went out."""
    now = now or timezone.now()
    zone = connection.tenant.zone
    return sum(_remind(cycle, now) for cycle in cycles_due(now=now, zone=zone))


def _remind(cycle: OrderCycle, now: datetime) -> int:
    wanted = list(reminder_audience(cycle).values_list("pk", flat=True))
    claimed = claims.claim(ReminderSent, cycle_id=cycle.pk, user_ids=wanted, at=now)
    if not claimed:
        return 0
    users = User.objects.filter(pk__in=claimed).select_related("profile__default_pickup_point")
    distributions = list(
        Distribution.objects.filter(cycle=cycle)
        .select_related("pickup_point")
        .order_by("date", "pickup_point__position", "pickup_point__name")
    )
    base = site_url()
    failed = []
    with mail_session() as session:
        for user in users:
            url = unsubscribe_url(user, REMINDERS, base=base)
            sent = send_templated_email(
                to_user=user,
                template="deadline_reminder",
                context={
                    "cycle": cycle,
                    "distributions": distributions,
                    "usual": _usual_distribution(user, distributions),
                    "site_url": base,
                    "unsubscribe_url": url,
                },
                headers=unsubscribe_headers(url),
                connection=session,
            )
            if not sent:
                failed.append(user.pk)
    claims.release(ReminderSent, cycle_id=cycle.pk, user_ids=failed)
    logger.info("Cycle %s: %s reminders sent", cycle.pk, len(claimed) - len(failed))
    return len(claimed) - len(failed)


def _usual_distribution(user, distributions: list[Distribution]) -> Distribution | None:
    profile = getattr(user, "profile", None)
    point_id = getattr(profile, "default_pickup_point_id", None)
    return next((d for d in distributions if d.pickup_point_id == point_id), None)
