"""Reads for the logistics pages: fixed numbers of queries whatever the rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Q

from shop.catalogue.models import Producer
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.logistics.models import ShortageRecord
from shop.logistics.reports.common import LIVE, live_lines, live_orders, person_name
from shop.logistics.reports.groupage import groupage_sheet
from shop.orders.models import Order

CYCLES_PAGE = 20


def cycles_for_documents(page_number, *, closed_only: bool = False):
    """Cycles with their live orders, the latest deadline first, a page at a time."""
    cycles = OrderCycle.objects.annotate(
        live_orders=Count("orders", filter=Q(orders__status__in=LIVE))
    ).order_by("-closes_at", "-pk")
    if closed_only:
        cycles = cycles.filter(closed_at__isnull=False)
    return Paginator(cycles, CYCLES_PAGE).get_page(page_number)


@dataclass
class DistributionCount:
    distribution: Distribution
    orders: int

    @property
    def query(self) -> str:
        """The documents' filter for this point and day."""
        return f"?point={self.distribution.pickup_point_id}&date={self.distribution.date:%Y-%m-%d}"


@dataclass
class CycleOverview:
    orders: int
    professional_orders: int
    producers: list[Producer]
    distributions: list[DistributionCount]

    @property
    def producer_links(self) -> list[tuple[Producer, str]]:
        return [(p, f"?producer={p.pk}") for p in self.producers]

    @property
    def dates(self) -> list[date]:
        return sorted({d.distribution.date for d in self.distributions})


def cycle_overview(cycle: OrderCycle) -> CycleOverview:
    """Three queries: counts, the producers to serve, the distributions."""
    counts = live_orders(cycle).aggregate(
        orders=Count("id"), pros=Count("id", filter=Q(is_professional=True))
    )
    producers = list(
        Producer.objects.filter(pk__in=live_lines(cycle).values("producer_id")).order_by(
            "farm_name"
        )
    )
    distributions = (
        Distribution.objects.filter(cycle=cycle)
        .select_related("pickup_point")
        .annotate(live=Count("orders", filter=Q(orders__status__in=LIVE)))
        .order_by("date", "pickup_point__position", "pickup_point__name")
    )
    return CycleOverview(
        orders=counts["orders"],
        professional_orders=counts["pros"],
        producers=producers,
        distributions=[DistributionCount(d, d.live) for d in distributions],
    )


@dataclass
class ShortageChoice:
    offer_item_id: int
    product: str
    label: str
    unit: str
    ordered: Decimal


@dataclass
class WeighLine:
    line_id: int
    number: str
    customer: str
    product_name: str
    quantity: Decimal
    estimated_weight_kg: Decimal | None
    actual_weight_kg: Decimal | None
    amount: Decimal


@dataclass
class ProducerAdjustments:
    producer: Producer
    shortages: list[ShortageChoice]
    weigh: list[WeighLine]


def adjustments_page(cycle: OrderCycle, *, producer: Producer | None = None) -> dict:
    """What can be adjusted, per producer, and the shortages recorded so far."""
    offer_ids = dict(OfferItem.objects.filter(cycle=cycle).values_list("variant_id", "pk"))
    weigh = _weigh_lines(cycle, producer)
    result = []
    for sheet in groupage_sheet(cycle, producer=producer):
        result.append(
            ProducerAdjustments(
                producer=sheet.producer,
                shortages=[
                    ShortageChoice(offer_ids[r.variant_id], r.product, r.label, r.unit, r.expected)
                    for r in sheet.rows
                    if r.variant_id in offer_ids
                ],
                weigh=weigh.get(sheet.producer.pk, []),
            )
        )
    records = ShortageRecord.objects.filter(cycle=cycle).annotate(orders=Count("changes"))
    if producer is not None:
        records = records.filter(producer=producer)
    return {"producers": result, "records": list(records.select_related("recorded_by"))}


def _weigh_lines(cycle: OrderCycle, producer: Producer | None) -> dict[int, list[WeighLine]]:
    lines = live_lines(cycle).filter(variable_weight=True, order__status=Order.Status.PLACED)
    if producer is not None:
        lines = lines.filter(producer=producer)
    found: dict[int, list[WeighLine]] = defaultdict(list)
    for row in lines.values_list(
        "producer_id",
        "id",
        "order__number",
        "order__customer__first_name",
        "order__customer__last_name",
        "order__customer__email",
        "product_name",
        "quantity",
        "estimated_weight_kg",
        "actual_weight_kg",
        "amount",
    ).order_by("product_name", "order__customer__last_name", "order__number"):
        found[row[0]].append(
            WeighLine(
                row[1],
                row[2],
                person_name(row[3], row[4], row[5]),
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
            )
        )
    return found
