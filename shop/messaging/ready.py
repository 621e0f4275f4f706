"""Telling consumers, on the morning of their distribution, that the order is ready.

Rules: from 8:00 in the collective's time zone on the distribution day, to
every consumer whose order at that point is still to be collected, once per
person and cycle (claimed before sending; a refused e-mail is released and
tried again on the next run).
"""

from datetime import datetime, time

from django.utils import timezone

from shop.messaging import claims
from shop.messaging.models import ReadyNoticeSent
from shop.messaging.transactional import email_ready_for_pickup
from shop.orders.models import Order

FROM = time(8, 0)


def send_ready_for_pickup(*, zone, now: datetime | None = None) -> int:
    now = now or timezone.now()
    local = now.astimezone(zone)
    if local.time() < FROM:
        return 0
    orders = list(
        Order.objects.filter(status=Order.Status.PLACED, distribution__date=local.date())
        .select_related("customer", "pickup_point", "distribution", "cycle")
        .prefetch_related("lines")
        .order_by("pk")
    )
    sent = 0
    for cycle_id in {order.cycle_id for order in orders}:
        of_cycle = [order for order in orders if order.cycle_id == cycle_id]
        claimed = set(
            claims.claim(
                ReadyNoticeSent,
                cycle_id=cycle_id,
                user_ids=[order.customer_id for order in of_cycle],
                at=now,
            )
        )
        failed = []
        for order in of_cycle:
            if order.customer_id not in claimed:
                continue
            if email_ready_for_pickup(order):
                sent += 1
            else:
                failed.append(order.customer_id)
        claims.release(ReadyNoticeSent, cycle_id=cycle_id, user_ids=failed)
    return sent
