"""Reads of a producer's weekly offer, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shop.catalogue.models import Producer, Variant
from shop.cycles.models import OfferItem, OrderCycle
from shop.pickup.models import PickupPoint


@dataclass
class OfferRow:
    """One variant of the producer, and its offer item in the cycle if any."""

    variant: Variant
    item: OfferItem | None

    @property
    def offered(self) -> bool:
        return self.item is not None

    @property
    def quantity_sold(self) -> Decimal:
        return self.item.quantity_sold if self.item else Decimal(0)

    @property
    def point_ids(self) -> list[int]:
        return [p.pk for p in self.item.pickup_points.all()] if self.item else []


def offer_cycles_open_for_changes(*, now: datetime | None = None) -> QuerySet[OrderCycle]:
    """Cycles whose offer may still change: not closed, deadline not passed (soonest first)."""
    now = now or timezone.now()
    return OrderCycle.objects.filter(closed_at__isnull=True, closes_at__gt=now).order_by(
        "closes_at", "id"
    )


def offer_cycle_is_open_for_changes(cycle: OrderCycle, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return cycle.closed_at is None and now < cycle.closes_at


def offer_cycle_points(*, cycle: OrderCycle) -> list[PickupPoint]:
    """The pickup points that have a distribution in the cycle."""
    return list(
        PickupPoint.objects.filter(distributions__cycle=cycle).order_by("position", "name", "id")
    )


def offer_rows_for_producer(*, producer: Producer, cycle: OrderCycle) -> list[OfferRow]:
    """Every active variant of the producer's active products, plus whatever is
    already on offer in the cycle (even if withdrawn from the catalogue since),
    in the catalogue's order."""
    items = {
        item.variant_id: item
        for item in OfferItem.objects.filter(
            cycle=cycle, variant__product__producer=producer
        ).prefetch_related(Prefetch("pickup_points", queryset=PickupPoint.objects.only("id")))
    }
    variants = (
        Variant.objects.filter(product__producer=producer)
        .filter(Q(active=True, product__active=True) | Q(pk__in=list(items)))
        .select_related("product__category")
        .order_by(
            "product__category__position",
            "product__category__name",
            "product__name",
            "product_id",
            "position",
            "id",
        )
    )
    return [OfferRow(variant=v, item=items.get(v.pk)) for v in variants]


def offer_previous_cycle_for_producer(
    *, producer: Producer, cycle: OrderCycle
) -> OrderCycle | None:
    """The latest cycle before `cycle` in which the producer offered something."""
    return (
        OrderCycle.objects.filter(
            closes_at__lt=cycle.closes_at, offer_items__variant__product__producer=producer
        )
        .order_by("-closes_at", "-id")
        .first()
    )


def offer_counts_for_producer(*, producer: Producer, cycles) -> dict[int, int]:
    """How many of the producer's variants are on offer in each of `cycles`."""
    counts = (
        OfferItem.objects.filter(cycle__in=list(cycles), variant__product__producer=producer)
        .values("cycle_id")
        .annotate(n=Count("id"))
    )
    return {row["cycle_id"]: row["n"] for row in counts}
