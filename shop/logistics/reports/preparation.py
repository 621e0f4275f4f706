"""Preparation list: what each producer puts in which crate for which pickup point.

Per producer, per pickup point and date, one crate per storage class
(ambient, fresh and frozen goods never share a crate). Variable-weight
goods are weighed order by order, so their pieces are listed per order.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Sum

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.names import counted_unit
from shop.logistics.reports.common import STORAGE_ORDER, live_lines, person_name
from shop.pickup.models import PickupPoint


@dataclass
class PiecesFor:
    line_id: int
    number: str
    customer: str
    quantity: Decimal
    actual_weight_kg: Decimal | None


@dataclass
class PrepRow:
    variant_id: int
    product: str
    label: str
    unit: str
    quantity: Decimal
    orders: int
    variable_weight: bool
    pieces: list[PiecesFor] = field(default_factory=list)


@dataclass
class Crate:
    storage: str
    rows: list[PrepRow]


@dataclass
class PointPrep:
    point: PickupPoint
    date: date
    crates: list[Crate]


@dataclass
class ProducerPrep:
    producer: Producer
    points: list[PointPrep]


def preparation_lists(cycle: OrderCycle, *, producer: Producer | None = None) -> list[ProducerPrep]:
    """Four queries whatever the number of orders."""
    lines = live_lines(cycle)
    if producer is not None:
        lines = lines.filter(producer=producer)
    groups = (
        lines.values(
            "producer_id",
            "order__pickup_point_id",
            "order__distribution__date",
            "storage",
            "variant_id",
            "variant__product__name",
            "variant__label",
            "unit",
            "variable_weight",
        )
        .annotate(
            quantity=Sum("quantity"),
            orders=Count("order_id", distinct=True),
            estimated=Max("estimated_weight_kg"),
        )
        .order_by()
    )
    pieces = _pieces_by_order(lines)
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    for g in groups:
        where = (g["order__pickup_point_id"], g["order__distribution__date"])
        crate = tree[g["producer_id"]][where][g["storage"]]
        row = crate.get(g["variant_id"])
        if row is None:
            row = crate[g["variant_id"]] = PrepRow(
                variant_id=g["variant_id"],
                product=g["variant__product__name"],
                label=g["variant__label"],
                unit=counted_unit(g["unit"], g["variable_weight"], g["estimated"]),
                quantity=Decimal("0"),
                orders=0,
                variable_weight=g["variable_weight"],
                pieces=pieces.get((g["producer_id"], *where, g["variant_id"]), []),
            )
        row.quantity += g["quantity"]
        row.orders += g["orders"]
    points = {
        p.pk: p for p in PickupPoint.objects.filter(pk__in={w[0] for t in tree.values() for w in t})
    }
    producers = Producer.objects.filter(pk__in=tree.keys()).order_by("farm_name")
    return [_producer_prep(p, tree[p.pk], points) for p in producers]


def _producer_prep(producer: Producer, by_point: dict, points: dict) -> ProducerPrep:
    result = []
    for (point_id, day), crates in by_point.items():
        result.append(
            PointPrep(
                point=points[point_id],
                date=day,
                crates=[
                    Crate(
                        storage=storage,
                        rows=sorted(
                            rows.values(), key=lambda r: (r.product.lower(), r.label.lower())
                        ),
                    )
                    for storage, rows in sorted(
                        crates.items(), key=lambda c: STORAGE_ORDER.get(c[0], 9)
                    )
                ],
            )
        )
    result.sort(key=lambda p: (p.date, p.point.position, p.point.name))
    return ProducerPrep(producer=producer, points=result)


def _pieces_by_order(lines) -> dict[tuple, list[PiecesFor]]:
    """Variable-weight lines, one by one: each is weighed and bagged for its order."""
    found: dict[tuple, list[PiecesFor]] = defaultdict(list)
    rows = (
        lines.filter(variable_weight=True)
        .values_list(
            "id",
            "producer_id",
            "order__pickup_point_id",
            "order__distribution__date",
            "variant_id",
            "order__number",
            "order__customer__first_name",
            "order__customer__last_name",
            "order__customer__email",
            "quantity",
            "actual_weight_kg",
        )
        .order_by("order__customer__last_name", "order__number")
    )
    for (
        line_id,
        producer_id,
        point_id,
        day,
        variant_id,
        number,
        first,
        last,
        email,
        qty,
        weight,
    ) in rows:
        found[(producer_id, point_id, day, variant_id)].append(
            PiecesFor(line_id, number, person_name(first, last, email), qty, weight)
        )
    return found
