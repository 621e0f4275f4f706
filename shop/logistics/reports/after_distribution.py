"""After the distribution: what was not collected and what is still to be paid."""

from dataclasses import dataclass
from datetime import date

from shop.logistics.reports.pickup import PickupRow, PickupSheet, pickup_rows, sheets_of
from shop.orders.models import Order


@dataclass
class AfterDistribution:
    uncollected: list[PickupSheet]
    unpaid: list[PickupSheet]


def after_distribution(*, since: date, until: date) -> AfterDistribution:
    """Distributions from `since` to `until` (included): a bounded window, never all history."""
    window = Order.objects.filter(distribution__date__gte=since, distribution__date__lte=until)
    uncollected = pickup_rows(window.filter(status=Order.Status.PLACED))
    to_pay = pickup_rows(
        window.filter(
            status__in=(Order.Status.PLACED, Order.Status.COLLECTED),
            payment_status=Order.PaymentStatus.AT_PICKUP,
        )
    )
    return AfterDistribution(
        uncollected=sheets_of(uncollected), unpaid=sheets_of([r for r in to_pay if r.due > 0])
    )


__all__ = ["AfterDistribution", "PickupRow", "after_distribution"]
