"""The collective's figures, computed in the database by aggregate queries.

Every function here is one query (or two) whatever the history's length: an
order belongs to the week of its distribution date (see `sales` for what
counts as a sale), reminders to the week of their cycle's deadline on the
collective's clock. Weeks start on Monday; weeks with nothing are filled with
zeros in Python, so charts keep a regular time axis.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, DateField, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncWeek

from shop.dashboard.sales import LIVE, line_sales_incl_vat
from shop.messaging.models import ReminderSent
from shop.orders.models import Order, OrderLine

ZERO = Decimal("0")
PERIOD_CHOICES = (13, 26, 52, 104)
DEFAULT_WEEKS = 52
# Orders already placed for the coming distributions are shown too.
WEEKS_AHEAD = 4


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    """Whole weeks, from `start` (a Monday) to `end` (the Monday after the last week)."""

    start: date
    end: date

    @classmethod
    def of_weeks(cls, weeks: int, *, today: date) -> "Period":
        this_week = monday_of(today)
        return cls(
            this_week - timedelta(weeks=weeks - 1), this_week + timedelta(weeks=WEEKS_AHEAD + 1)
        )

    @property
    def mondays(self) -> list[date]:
        count = (self.end - self.start).days // 7
        return [self.start + timedelta(weeks=n) for n in range(count)]

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as instants: midnight to midnight on the collective's clock."""
        return (
            datetime.combine(self.start, time(0), tzinfo=zone),
            datetime.combine(self.end, time(0), tzinfo=zone),
        )


def live_orders(period: Period):
    return Order.objects.filter(
        status__in=LIVE,
        distribution__date__gte=period.start,
        distribution__date__lt=period.end,
    )


def live_lines(period: Period, producer=None):
    lines = OrderLine.objects.filter(
        order__status__in=LIVE,
        order__distribution__date__gte=period.start,
        order__distribution__date__lt=period.end,
    )
    return lines.filter(producer=producer) if producer is not None else lines


def average(total: Decimal, count: int) -> Decimal:
    return (total / count).quantize(Decimal("0.01")) if count else ZERO


# --- The collective ---------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    orders: int
    turnover: Decimal
    customers: int

    @property
    def average_basket(self) -> Decimal:
        return average(self.turnover, self.orders)


def totals(period: Period) -> Totals:
    row = live_orders(period).aggregate(
        orders=Count("id"),
        turnover=Sum("total_incl_vat"),
        customers=Count("customer", distinct=True),
    )
    return Totals(row["orders"], row["turnover"] or ZERO, row["customers"])


@dataclass
class Week:
    monday: date
    orders: int = 0
    turnover: Decimal = ZERO
    customers: int = 0
    new_customers: int = 0

    @property
    def returning_customers(self) -> int:
        return self.customers - self.new_customers

    @property
    def average_basket(self) -> Decimal:
        return average(self.turnover, self.orders)


def weekly(period: Period) -> list[Week]:
    """Orders, turnover, average basket, new and returning consumers, week by week."""
    weeks = {monday: Week(monday) for monday in period.mondays}
    rows = (
        live_orders(period)
        .annotate(week=TruncWeek("distribution__date", output_field=DateField()))
        .values("week")
        .annotate(
            orders=Count("id"),
            turnover=Sum("total_incl_vat"),
            customers=Count("customer", distinct=True),
        )
        .order_by("week")
    )
    for row in rows:
        week = weeks[row["week"]]
        week.orders, week.turnover, week.customers = (
            row["orders"],
            row["turnover"] or ZERO,
            row["customers"],
        )
    for monday, count in new_customers_per_week(period).items():
        weeks[monday].new_customers = count
    return list(weeks.values())


def new_customers_per_week(period: Period) -> dict[date, int]:
    """How many consumers had their very first order in each week (one query)."""
    orders = Order._meta.db_table
    distributions = Order._meta.get_field("distribution").related_model._meta.db_table
    placeholders = ", ".join(["%s"] * len(LIVE))
    sql = (
        "SELECT date_trunc('week', first_day)::date, count(*) FROM ("  # noqa: S608 - table names are ours
        f"  SELECT o.customer_id, min(d.date) AS first_day FROM {orders} o"
        f"  JOIN {distributions} d ON d.id = o.distribution_id"
        f"  WHERE o.status IN ({placeholders}) GROUP BY o.customer_id"
        ") firsts WHERE first_day >= %s AND first_day < %s GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*LIVE, period.start, period.end])
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class ProducerFigures:
    producer_id: int
    name: str
    orders: int
    sales: Decimal
    share: Decimal = field(default=ZERO)


def by_producer(period: Period) -> list[ProducerFigures]:
    rows = list(
        live_lines(period)
        .values("producer", "producer__farm_name")
        .annotate(orders=Count("order", distinct=True), sales=Sum(line_sales_incl_vat()))
        .order_by("-sales", "producer__farm_name")
    )
    total = sum((row["sales"] for row in rows), ZERO)
    return [
        ProducerFigures(
            producer_id=row["producer"],
            name=row["producer__farm_name"],
            orders=row["orders"],
            sales=row["sales"],
            share=(row["sales"] * 100 / total).quantize(Decimal("0.1")) if total else ZERO,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PointFigures:
    name: str
    orders: int
    turnover: Decimal
    customers: int

    @property
    def average_basket(self) -> Decimal:
        return average(self.turnover, self.orders)


def by_point(period: Period) -> list[PointFigures]:
    rows = (
        live_orders(period)
        .values("pickup_point", "pickup_point__name")
        .annotate(
            orders=Count("id"),
            turnover=Sum("total_incl_vat"),
            customers=Count("customer", distinct=True),
        )
        .order_by("-turnover", "pickup_point__name")
    )
    return [
        PointFigures(r["pickup_point__name"], r["orders"], r["turnover"] or ZERO, r["customers"])
        for r in rows
    ]


@dataclass
class ReminderWeek:
    monday: date
    reminders: int = 0
    ordered_after: int = 0
    orders: int = 0

    @property
    def conversion(self) -> Decimal:
        """Of the consumers reminded, the share who then ordered (percent)."""
        return (
            (Decimal(self.ordered_after) * 100 / self.reminders).quantize(Decimal("0.1"))
            if self.reminders
            else ZERO
        )

    @property
    def share_of_orders(self) -> Decimal:
        """Of all orders of the week's cycles, the share placed after a reminder (percent)."""
        return (
            (Decimal(self.ordered_after) * 100 / self.orders).quantize(Decimal("0.1"))
            if self.orders
            else ZERO
        )


def reminder_effect(period: Period, zone: ZoneInfo) -> list[ReminderWeek]:
    """Per week of the deadline: reminders sent, orders placed after one, all orders (2 queries).

    An order counts as "after a reminder" when its customer was reminded in
    that cycle and placed the order at or after the reminder went out.
    """
    start, end = period.bounds(zone)
    week_of_deadline = TruncWeek("cycle__closes_at", tzinfo=zone, output_field=DateField())
    ordered_after = Order.objects.filter(
        customer=OuterRef("user"),
        cycle=OuterRef("cycle"),
        status__in=LIVE,
        placed_at__gte=OuterRef("sent_at"),
    )
    reminded = (
        ReminderSent.objects.filter(cycle__closes_at__gte=start, cycle__closes_at__lt=end)
        .annotate(week=week_of_deadline, ordered=Exists(ordered_after))
        .values("week")
        .annotate(sent=Count("id"), converted=Count("id", filter=Q(ordered=True)))
        .order_by("week")
    )
    orders = (
        Order.objects.filter(status__in=LIVE, cycle__closes_at__gte=start, cycle__closes_at__lt=end)
        .annotate(week=week_of_deadline)
        .values("week")
        .annotate(orders=Count("id"))
        .order_by("week")
    )
    weeks: dict[date, ReminderWeek] = {}
    for row in reminded:
        week = weeks.setdefault(row["week"], ReminderWeek(row["week"]))
        week.reminders, week.ordered_after = row["sent"], row["converted"]
    for row in orders:
        weeks.setdefault(row["week"], ReminderWeek(row["week"])).orders = row["orders"]
    return [weeks[monday] for monday in sorted(weeks)]


# --- One producer -------------------------------------------------------------------


@dataclass
class ProducerWeek:
    monday: date
    orders: int = 0
    sales: Decimal = ZERO


def producer_weekly(period: Period, producer) -> list[ProducerWeek]:
    weeks = {monday: ProducerWeek(monday) for monday in period.mondays}
    rows = (
        live_lines(period, producer)
        .annotate(week=TruncWeek("order__distribution__date", output_field=DateField()))
        .values("week")
        .annotate(orders=Count("order", distinct=True), sales=Sum(line_sales_incl_vat()))
        .order_by("week")
    )
    for row in rows:
        weeks[row["week"]].orders, weeks[row["week"]].sales = row["orders"], row["sales"]
    return list(weeks.values())


def producer_by_point(period: Period, producer) -> list[dict]:
    return list(
        live_lines(period, producer)
        .values("order__pickup_point__name")
        .annotate(orders=Count("order", distinct=True), sales=Sum(line_sales_incl_vat()))
        .order_by("-sales", "order__pickup_point__name")
    )


def producer_products(period: Period, producer) -> list[dict]:
    return list(
        live_lines(period, producer)
        .values("product_name", "unit")
        .annotate(
            quantity=Sum("quantity"),
            orders=Count("order", distinct=True),
            sales=Sum(line_sales_incl_vat()),
        )
        .order_by("-sales", "product_name")
    )
