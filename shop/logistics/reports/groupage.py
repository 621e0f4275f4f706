"""Groupage sheet: what each producer brings to the collection point.

Ticked off on arrival; what was received is recorded (`GroupageCheck`) so
the missing items are known before baskets are assembled.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Sum

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.models import GroupageCheck
from shop.logistics.names import counted_unit
from shop.logistics.reports.common import STORAGE_ORDER, live_lines


@dataclass
class GroupageRow:
    variant_id: int
    product: str
    label: str
    unit: str
    storage: str
    expected: Decimal
    received: Decimal | None = None

    @property
    def missing(self) -> Decimal | None:
        if self.received is None:
            return None
        return max(self.expected - self.received, Decimal("0"))


@dataclass
class ProducerGroupage:
    producer: Producer
    rows: list[GroupageRow]

    @property
    def checked(self) -> bool:
        return all(row.received is not None for row in self.rows)

    @property
    def missing_rows(self) -> list[GroupageRow]:
        return [row for row in self.rows if row.missing]


def groupage_sheet(
    cycle: OrderCycle, *, producer: Producer | None = None
) -> list[ProducerGroupage]:
    """Three queries: the totals, the checks made so far, the producers."""
    lines = live_lines(cycle)
    if producer is not None:
        lines = lines.filter(producer=producer)
    groups = (
        lines.values(
            "producer_id",
            "variant_id",
            "variant__product__name",
            "variant__label",
            "unit",
            "storage",
            "variable_weight",
        )
        .annotate(quantity=Sum("quantity"), estimated=Max("estimated_weight_kg"))
        .order_by()
    )
    received = dict(GroupageCheck.objects.filter(cycle=cycle).values_list("variant_id", "received"))
    rows: dict[int, dict[int, GroupageRow]] = defaultdict(dict)
    for g in groups:
        row = rows[g["producer_id"]].get(g["variant_id"])
        if row is None:
            row = rows[g["producer_id"]][g["variant_id"]] = GroupageRow(
                variant_id=g["variant_id"],
                product=g["variant__product__name"],
                label=g["variant__label"],
                unit=counted_unit(g["unit"], g["variable_weight"], g["estimated"]),
                storage=g["storage"],
                expected=Decimal("0"),
                received=received.get(g["variant_id"]),
            )
        row.expected += g["quantity"]
    producers = Producer.objects.filter(pk__in=rows.keys()).order_by("farm_name")
    return [
        ProducerGroupage(
            producer=p,
            rows=sorted(
                rows[p.pk].values(),
                key=lambda r: (STORAGE_ORDER.get(r.storage, 9), r.product.lower(), r.label.lower()),
            ),
        )
        for p in producers
    ]
