"""Telling consumers that orders are open for a new cycle.

Rules:
- for cycles that opened within the last two days (older ones are not news)
  and still have more than an hour to go, with something on offer, while the
  shop is open;
- to the same people as the reminder (consumers who accept reminders and have
  not ordered in the cycle yet), once per person and cycle; when several
  cycles open at once, one e-mail lists them all.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from groupage.accounts.models import User
from shop.cycles.models import OfferItem, OrderCycle
from shop.members.models import ShopSettings
from shop.messaging import claims
from shop.messaging.audience import reminder_audience
from shop.messaging.emails import mail_session, send_templated_email, site_url
from shop.messaging.models import OpeningNoticeSent
from shop.messaging.unsubscribe import REMINDERS, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

NEWS_WINDOW = timedelta(days=2)
LAST_CALL = timedelta(hours=1)


def cycles_just_opened(*, now: datetime) -> list[OrderCycle]:
    if not ShopSettings.load().is_open:
        return []
    return list(
        OrderCycle.objects.filter(
            Exists(OfferItem.objects.filter(cycle=OuterRef("pk"))),
            closed_at__isnull=True,
            opens_at__lte=now,
            opens_at__gt=now - NEWS_WINDOW,
            closes_at__gt=now + LAST_CALL,
        ).order_by("closes_at")
    )


def announce_open_cycles(*, now: datetime | None = None) -> int:
    """Send the "orders are open" e-mails due now; how many went out."""
    now = now or timezone.now()
    cycles_of_user: dict[int, list[OrderCycle]] = defaultdict(list)
    for cycle in cycles_just_opened(now=now):
        wanted = list(reminder_audience(cycle).values_list("pk", flat=True))
        for user_id in claims.claim(OpeningNoticeSent, cycle_id=cycle.pk, user_ids=wanted, at=now):
            cycles_of_user[user_id].append(cycle)
    if not cycles_of_user:
        return 0
    base = site_url()
    sent_count = 0
    with mail_session() as session:
        for user in User.objects.filter(pk__in=cycles_of_user):
            cycles = cycles_of_user[user.pk]
            url = unsubscribe_url(user, REMINDERS, base=base)
            sent = send_templated_email(
                to_user=user,
                template="cycle_open",
                context={"cycles": cycles, "site_url": base, "unsubscribe_url": url},
                headers=unsubscribe_headers(url),
                connection=session,
            )
            if sent:
                sent_count += 1
            else:
                for cycle in cycles:
                    claims.release(OpeningNoticeSent, cycle_id=cycle.pk, user_ids=[user.pk])
    logger.info("%s opening notices sent", sent_count)
    return sent_count
