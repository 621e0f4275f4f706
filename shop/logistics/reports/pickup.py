"""Pickup list: per pickup point and date, the orders to hand over.

Consumer, order number, bags per storage class, what is still to pay at
pickup, and a box to tick. The amount still to pay is the order's total
when it is paid at pickup, less what was already recorded at the point.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from shop.cycles.models import OrderCycle
from shop.logistics.models import LogisticsSettings, PickupPayment
from shop.logistics.reports.common import STORAGE_ORDER, bags_for, live_orders, person_name
from shop.orders.models import Order, OrderLine
from shop.pickup.models import PickupPoint

ZERO = Decimal("0.00")


def amount_due(*, total: Decimal, payment_status: str, paid_at_pickup: Decimal) -> Decimal:
    if payment_status != Order.PaymentStatus.AT_PICKUP:
        return ZERO
    return max(total - paid_at_pickup, ZERO)


@dataclass
class PickupRow:
    order_id: int
    number: str
    customer_id: int
    customer: str
    first_name: str
    last_name: str
    email: str
    phone: str
    point_id: int
    date: date
    status: str
    payment_status: str
    total: Decimal
    paid_at_pickup: Decimal
    delivery_address: str
    bags: dict[str, int] = field(default_factory=dict)
    membership_due: Decimal | None = None  # the distribution year's, promised at pickup

    @property
    def due(self) -> Decimal:
        return amount_due(
            total=self.total, payment_status=self.payment_status, paid_at_pickup=self.paid_at_pickup
        )

    @property
    def collected(self) -> bool:
        return self.status == Order.Status.COLLECTED

    @property
    def bag_count(self) -> int:
        return sum(self.bags.values())

    @property
    def bags_by_storage(self) -> list[tuple[str, int]]:
        return sorted(self.bags.items(), key=lambda b: STORAGE_ORDER.get(b[0], 9))


@dataclass
class PickupSheet:
    point: PickupPoint
    date: date
    rows: list[PickupRow]

    def bags_of(self, storage: str) -> int:
        return sum(row.bags.get(storage, 0) for row in self.rows)

    @property
    def bag_totals(self) -> dict[str, int]:
        return {s: self.bags_of(s) for s in STORAGE_ORDER}

    @property
    def due_total(self) -> Decimal:
        return sum((row.due for row in self.rows), ZERO)

    @property
    def membership_total(self) -> Decimal:
        return sum((row.membership_due or ZERO for row in self.rows), ZERO)


def pickup_rows(orders: QuerySet[Order], *, lines_per_bag: int | None = None) -> list[PickupRow]:
    """The rows for these orders in four queries (orders, line counts, payments, memberships)."""
    per_bag = lines_per_bag or LogisticsSettings.load().lines_per_bag
    values = orders.values_list(
        "id",
        "number",
        "customer_id",
        "customer__first_name",
        "customer__last_name",
        "customer__email",
        "customer__phone",
        "pickup_point_id",
        "distribution__date",
        "status",
        "payment_status",
        "total_incl_vat",
        "delivery_address",
    ).order_by("customer__last_name", "customer__first_name", "number")
    rows = [
        PickupRow(
            order_id=v[0],
            number=v[1],
            customer_id=v[2],
            customer=person_name(v[3], v[4], v[5]),
            first_name=v[3],
            last_name=v[4],
            email=v[5],
            phone=v[6],
            point_id=v[7],
            date=v[8],
            status=v[9],
            payment_status=v[10],
            total=v[11],
            paid_at_pickup=ZERO,
            delivery_address=v[12],
        )
        for v in values
    ]
    ids = orders.values("id")
    counts = (
        OrderLine.objects.filter(order_id__in=ids)
        .values_list("order_id", "storage")
        .annotate(n=Count("id"))
        .order_by()
    )
    bags: dict[int, dict[str, int]] = defaultdict(dict)
    for order_id, storage, n in counts:
        bags[order_id][storage] = bags_for(n, per_bag)
    paid = dict(
        PickupPayment.objects.filter(order_id__in=ids)
        .values_list("order_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    memberships = _memberships_due(rows)
    for row in rows:
        row.bags = bags.get(row.order_id, {})
        row.paid_at_pickup = paid.get(row.order_id, ZERO)
        row.membership_due = memberships.get((row.customer_id, row.date.year))
    return rows


def _memberships_due(rows: list[PickupRow]) -> dict[tuple[int, int], Decimal]:
    """Memberships promised at pickup, by (customer, year of the distribution): the
    point takes them too. One query per year (a cycle rarely spans two)."""
    from billing.payments.membership import memberships_due

    found: dict[tuple[int, int], Decimal] = {}
    for year in {row.date.year for row in rows}:
        customers = {row.customer_id for row in rows if row.date.year == year}
        for user_id, membership in memberships_due(customers, year).items():
            found[(user_id, year)] = membership.amount
    return found


def pickup_lists(
    cycle: OrderCycle, *, point_id: int | None = None, on: date | None = None
) -> list[PickupSheet]:
    orders = live_orders(cycle)
    if point_id is not None:
        orders = orders.filter(pickup_point_id=point_id)
    if on is not None:
        orders = orders.filter(distribution__date=on)
    return sheets_of(pickup_rows(orders))


def sheets_of(rows: list[PickupRow]) -> list[PickupSheet]:
    """Rows gathered per pickup point and date, in the points' order."""
    grouped: dict[tuple[int, date], list[PickupRow]] = defaultdict(list)
    for row in rows:
        grouped[(row.point_id, row.date)].append(row)
    points = {p.pk: p for p in PickupPoint.objects.filter(pk__in={k[0] for k in grouped})}
    sheets = [PickupSheet(points[pid], day, group) for (pid, day), group in grouped.items()]
    sheets.sort(key=lambda s: (s.date, s.point.position, s.point.name))
    return sheets
