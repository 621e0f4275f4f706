"""Small builders of shop data (producers, products, points, cycles), shared by the
benchmarks and the tests. Call them inside a collective's schema."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from shop.catalogue.models import Category, Producer, Product, Variant
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.pickup.models import PickupPoint

_seq = itertools.count(1)


def make_category(name: str = "Légumes") -> Category:
    category, _ = Category.objects.get_or_create(slug=name.lower(), defaults={"name": name})
    return category


def make_producer(user=None, farm_name: str | None = None, **extra) -> Producer:
    n = next(_seq)
    farm_name = farm_name or f"Ferme {n}"
    defaults = {
        "name": f"Producteur {n}",
        "siret": "12345678900012",
        "city": "Châteaugiron",
        "postcode": "35410",
    }
    defaults.update(extra)
    return Producer.objects.create(
        user=user, farm_name=farm_name, slug=slugify(f"{farm_name} {n}"), **defaults
    )


def make_product(
    producer: Producer,
    name: str = "Carottes",
    price: str = "2.80",
    vat: str = "5.50",
    *,
    category: Category | None = None,
    storage: str = "fresh",
    unit: str = "kg",
    variants: list[tuple[str, str]] | None = None,
    **extra,
) -> Product:
    product = Product.objects.create(
        producer=producer,
        category=category or make_category(),
        name=name,
        unit=unit,
        vat_rate=Decimal(vat),
        storage=storage,
        **extra,
    )
    for position, (label, variant_price) in enumerate(variants or [("", price)]):
        Variant.objects.create(
            product=product, label=label, price=Decimal(variant_price), position=position
        )
    return product


def make_point(name: str = "Ferme du Bois", weekday: int = 4, **extra) -> PickupPoint:
    defaults = {"kind": "farm", "opens_at": time(17, 0), "closes_at": time(19, 0), "city": "Acigné"}
    defaults.update(extra)
    return PickupPoint.objects.create(name=name, weekday=weekday, **defaults)


def make_cycle(
    points: list[PickupPoint],
    *,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    distribution_date: date | None = None,
) -> OrderCycle:
    now = timezone.now()
    opens_at = opens_at or now - timedelta(days=3)
    closes_at = closes_at or now + timedelta(days=2)
    cycle = OrderCycle.objects.create(
        name=f"Cycle {next(_seq)}", opens_at=opens_at, closes_at=closes_at
    )
    for point in points:
        Distribution.objects.create(
            cycle=cycle,
            pickup_point=point,
            date=distribution_date or (closes_at + timedelta(days=2)).date(),
        )
    return cycle


def offer(cycle: OrderCycle, product: Product, quantity=None, points=()) -> list[OfferItem]:
    items = []
    for variant in product.variants.all():
        item = OfferItem.objects.create(
            cycle=cycle,
            variant=variant,
            quantity_available=None if quantity is None else Decimal(quantity),
        )
        if points:
            item.pickup_points.set(points)
        items.append(item)
    return items
