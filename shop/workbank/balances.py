"""Each producer's balance in a quarter: hours given against hours expected.

The rule, in the collective's words: the collective needs `E` hours of work a
quarter (`WorkBankRule`); each producer is expected to give a part of them
equal to their share of the quarter's sales.

    share     = producer's sales / all producers' sales
    expected  = E × share, in hundredths of an hour; the hundredths left over
                by rounding go to the largest remainders, so the expected
                hours add up to exactly E
    balance   = hours given − expected (negative: the producer owes time)

Sales are order lines VAT included (see `shop.dashboard.sales`) of placed or
collected orders whose distribution falls in the quarter. With no sales at
all, nothing is expected. Hours of members who are not producers (employee,
volunteers) are counted apart. A closed quarter reads its frozen snapshot.
Always five queries, whatever the number of producers or entries.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from shop.catalogue.models import Producer
from shop.dashboard.sales import LIVE, line_sales_incl_vat
from shop.orders.models import OrderLine
from shop.workbank.models import QuarterClose, WorkBankRule, WorkEntry
from shop.workbank.quarters import Quarter

HUNDREDTH = Decimal("0.01")
SHARE_STEP = Decimal("0.000001")
ZERO = Decimal("0")


@dataclass(frozen=True)
class ProducerBalance:
    producer_id: int
    name: str
    hours: Decimal
    sales: Decimal
    share: Decimal  # 0..1
    expected: Decimal
    balance: Decimal

    @property
    def share_percent(self) -> Decimal:
        return (self.share * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class QuarterBalance:
    quarter: Quarter
    expected_total: Decimal
    sales_total: Decimal
    rows: list[ProducerBalance]
    other_hours: Decimal
    closed: QuarterClose | None = None

    @property
    def hours_total(self) -> Decimal:
        return sum((r.hours for r in self.rows), ZERO) + self.other_hours

    @property
    def producer_hours(self) -> Decimal:
        return sum((r.hours for r in self.rows), ZERO)

    def snapshot(self) -> dict:
        """JSON-ready figures (decimals as strings), kept when the quarter closes."""
        return {
            "expected_total": str(self.expected_total),
            "sales_total": str(self.sales_total),
            "other_hours": str(self.other_hours),
            "rows": [{k: str(v) for k, v in asdict(row).items()} for row in self.rows],
        }

    @classmethod
    def from_snapshot(cls, quarter: Quarter, close: QuarterClose) -> "QuarterBalance":
        data = close.snapshot
        rows = [
            ProducerBalance(
                producer_id=int(row["producer_id"]),
                name=row["name"],
                **{k: Decimal(row[k]) for k in ("hours", "sales", "share", "expected", "balance")},
            )
            for row in data["rows"]
        ]
        return cls(
            quarter=quarter,
            expected_total=Decimal(data["expected_total"]),
            sales_total=Decimal(data["sales_total"]),
            rows=rows,
            other_hours=Decimal(data["other_hours"]),
            closed=close,
        )


def allocate(total: Decimal, weights: dict[int, Decimal], step: Decimal = HUNDREDTH) -> dict:
    """Share `total` in proportion to `weights`, in whole `step`s adding up to `total`.

    Largest remainder method; ties go to the larger weight, then the smaller key.
    """
    weight_sum = sum(weights.values(), ZERO)
    if weight_sum <= 0:
        return dict.fromkeys(weights, ZERO)
    units = int((total / step).to_integral_value())
    exact = {key: Decimal(units) * weight / weight_sum for key, weight in weights.items()}
    floors = {key: int(value) for key, value in exact.items()}
    left = units - sum(floors.values())
    by_remainder = sorted(weights, key=lambda k: (-(exact[k] - floors[k]), -weights[k], k))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: floors[key] * step for key in weights}


def quarter_balance(quarter: Quarter) -> QuarterBalance:
    close = QuarterClose.objects.filter(year=quarter.year, quarter=quarter.number).first()
    if close is not None:
        return QuarterBalance.from_snapshot(quarter, close)
    return live_balance(quarter)


def live_balance(quarter: Quarter) -> QuarterBalance:
    """The figures as they stand now (what closing the quarter will freeze)."""
    expected_total = WorkBankRule.load().expected_hours_per_quarter
    in_quarter = {"date__gte": quarter.start, "date__lt": quarter.end}
    sales = dict(
        OrderLine.objects.filter(
            order__status__in=LIVE,
            order__distribution__date__gte=quarter.start,
            order__distribution__date__lt=quarter.end,
        )
        .values("producer")
        .annotate(total=Sum(line_sales_incl_vat()))
        .values_list("producer", "total")
        .order_by()
    )
    entries = WorkEntry.objects.filter(**in_quarter)
    hours = dict(
        entries.filter(producer__isnull=False)
        .values("producer")
        .annotate(total=Sum("hours"))
        .values_list("producer", "total")
        .order_by()
    )
    other_hours = entries.filter(producer__isnull=True).aggregate(total=Sum("hours"))["total"]
    producers = Producer.objects.filter(
        Q(active=True) | Q(pk__in=set(sales) | set(hours))
    ).order_by("farm_name", "pk")
    sales_total = sum(sales.values(), ZERO)
    expected = allocate(expected_total, {p.pk: sales.get(p.pk, ZERO) for p in producers})
    rows = []
    for producer in producers:
        sold = sales.get(producer.pk, ZERO)
        given = hours.get(producer.pk, ZERO)
        rows.append(
            ProducerBalance(
                producer_id=producer.pk,
                name=producer.farm_name,
                hours=given,
                sales=sold,
                share=(sold / sales_total).quantize(SHARE_STEP) if sales_total else ZERO,
                expected=expected[producer.pk],
                balance=given - expected[producer.pk],
            )
        )
    return QuarterBalance(
        quarter=quarter,
        expected_total=expected_total,
        sales_total=sales_total,
        rows=rows,
        other_hours=other_hours or ZERO,
    )
