"""Harvest / production list: what each producer must harvest or make for a cycle.

"We only produce what was ordered": one row per variant, the total over the
cycle's live orders and, when pickup points are served on different days,
the quantity for each distribution date.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.names import counted_unit
from shop.logistics.reports.common import live_lines

ZERO = Decimal("0")


@dataclass
class HarvestRow:
    variant_id: int
    product: str
    label: str
    unit: str
    storage: str
    variable_weight: bool
    quantity: Decimal = ZERO
    orders: int = 0
    estimated_weight_kg: Decimal | None = None
    by_date: dict[date, Decimal] = field(default_factory=dict)


@dataclass
class ProducerHarvest:
    producer: Producer
    rows: list[HarvestRow]


def harvest_lists(cycle: OrderCycle, *, producer: Producer | None = None) -> list[ProducerHarvest]:
    """Per producer (all, or one), their variants' totals: two queries."""
    lines = live_lines(cycle)
    if producer is not None:
        lines = lines.filter(producer=producer)
    weight = ExpressionWrapper(
        F("quantity") * F("estimated_weight_kg"), output_field=DecimalField(max_digits=14)
    )
    groups = (
        lines.values(
            "producer_id",
            "variant_id",
            "variant__product__name",
            "variant__label",
            "unit",
            "storage",
            "variable_weight",
            "order__distribution__date",
        )
        .annotate(
            ordered=Sum("quantity"), orders=Count("order_id", distinct=True), weight=Sum(weight)
        )
        .order_by()
    )
    rows: dict[int, dict[int, HarvestRow]] = defaultdict(dict)
    for g in groups:
        row = rows[g["producer_id"]].get(g["variant_id"])
        if row is None:
            row = rows[g["producer_id"]][g["variant_id"]] = HarvestRow(
                variant_id=g["variant_id"],
                product=g["variant__product__name"],
                label=g["variant__label"],
                unit=g["unit"],
                storage=g["storage"],
                variable_weight=g["variable_weight"],
            )
        row.quantity += g["ordered"]
        row.orders += g["orders"]
        day = g["order__distribution__date"]
        row.by_date[day] = row.by_date.get(day, ZERO) + g["ordered"]
        if g["variable_weight"] and g["weight"] is not None:
            row.estimated_weight_kg = (row.estimated_weight_kg or ZERO) + g["weight"]
            row.unit = counted_unit(row.unit, True, g["weight"])
    producers = Producer.objects.filter(pk__in=rows.keys()).order_by("farm_name")
    return [
        ProducerHarvest(
            producer=p,
            rows=sorted(rows[p.pk].values(), key=lambda r: (r.product.lower(), r.label.lower())),
        )
        for p in producers
    ]
