"""Shared pieces of the reports: live orders, names, bags."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from shop.cycles.models import OrderCycle
from shop.orders.models import Order, OrderLine

# Orders that are to be prepared and handed over.
LIVE = (Order.Status.PLACED, Order.Status.COLLECTED)
STORAGE_ORDER = {"ambient": 0, "fresh": 1, "frozen": 2}


def live_lines(cycle: OrderCycle) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(order__cycle=cycle, order__status__in=LIVE)


def live_orders(cycle: OrderCycle) -> QuerySet[Order]:
    return Order.objects.filter(cycle=cycle, status__in=LIVE)


def person_name(first: str, last: str, email: str) -> str:
    """ "DUPONT Jeanne" sorts and reads well on lists; the e-mail when no name is known."""
    name = " ".join(part for part in (last.upper(), first) if part)
    return name or email


def bags_for(line_count: int, lines_per_bag: int) -> int:
    """Bags (or crates) for this many lines of one storage class: one per started batch."""
    if line_count <= 0:
        return 0
    return -(-line_count // max(lines_per_bag, 1))


@dataclass(frozen=True)
class Header:
    """What every document says at its top."""

    collective: str
    cycle: OrderCycle
    dates: list[date]
    provisional: bool

    @property
    def split_by_date(self) -> bool:
        return len(self.dates) > 1


def header_for(cycle: OrderCycle) -> Header:
    from django.db import connection

    dates = sorted(set(cycle.distributions.values_list("date", flat=True)))
    return Header(
        collective=getattr(connection.tenant, "name", ""),
        cycle=cycle,
        dates=dates,
        provisional=cycle.closed_at is None,
    )
