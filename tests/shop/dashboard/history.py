"""Sales written straight into the tables, for figures tests (fast, exact amounts).

`sell` makes one order; `make_history` bulk-creates years of weekly cycles.
Call them inside a collective's schema.
"""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shop.catalogue.models import Variant
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.money import totals_for
from shop.orders.models import Order, OrderLine
from shop.pickup.models import PickupPoint

PARIS = ZoneInfo("Europe/Paris")
_numbers = itertools.count(1)


def cycle_for(day: date, point: PickupPoint) -> tuple[OrderCycle, Distribution]:
    """A cycle of its own whose distribution at `point` is on `day` (deadline two days before)."""
    deadline = datetime.combine(day - timedelta(days=2), time(20, 0), tzinfo=PARIS)
    cycle = OrderCycle.objects.create(
        name=f"Cycle {day} #{next(_numbers)}",
        opens_at=deadline - timedelta(weeks=3),
        closes_at=deadline,
    )
    distribution = Distribution.objects.create(cycle=cycle, pickup_point=point, date=day)
    return cycle, distribution


def sell(
    *,
    customer,
    point: PickupPoint,
    day: date,
    lines: list[tuple[Variant, str, str]],
    professional: bool = False,
    status: str = "placed",
    delivery_fee: str = "0.00",
    placed_at: datetime | None = None,
    cycle: OrderCycle | None = None,
) -> Order:
    """One order: `lines` are (variant, quantity, amount) with the amount as sold
    (VAT included for a household, excluded for a professional). Each order gets
    a cycle of its own unless `cycle` is given."""
    if cycle is None:
        cycle, distribution = cycle_for(day, point)
    else:
        distribution = cycle.distributions.get(pickup_point=point)
    vat_and_amounts = [(v.product.vat_rate, Decimal(amount)) for v, _q, amount in lines]
    totals = totals_for(vat_and_amounts, prices_incl_vat=not professional)
    order = Order.objects.create(
        number=f"T-{next(_numbers):07d}",
        customer=customer,
        cycle=cycle,
        distribution=distribution,
        pickup_point=point,
        status=status,
        is_professional=professional,
        delivery_fee=Decimal(delivery_fee),
        total_excl_vat=totals.total_excl,
        total_vat=totals.total_vat,
        total_incl_vat=totals.total_incl + Decimal(delivery_fee),
    )
    if placed_at is not None:
        Order.objects.filter(pk=order.pk).update(placed_at=placed_at)
    for variant, quantity, amount in lines:
        offer, _created = OfferItem.objects.get_or_create(cycle=cycle, variant=variant)
        OrderLine.objects.create(
            order=order,
            offer_item=offer,
            variant=variant,
            producer=variant.product.producer,
            product_name=str(variant),
            unit=variant.product.unit,
            storage=variant.product.storage,
            vat_rate=variant.product.vat_rate,
            quantity=Decimal(quantity),
            unit_price=Decimal(amount) / Decimal(quantity),
            amount=Decimal(amount),
        )
    return order


def make_history(
    *,
    first_day: date,
    weeks: int,
    points: list[PickupPoint],
    customers: list,
    variants: list[Variant],
) -> int:
    """Weekly cycles, one order per pickup point each week (customers take turns),
    in a handful of bulk inserts; give at least as many customers as points.

    Every order has one line per variant, 1 unit at the variant's price. Returns
    the sum of every order's total (VAT included).
    """
    cycles = OrderCycle.objects.bulk_create(
        OrderCycle(
            name=f"History {first_day + timedelta(weeks=n)}",
            opens_at=datetime.combine(first_day + timedelta(weeks=n, days=-20), time(20), PARIS),
            closes_at=datetime.combine(first_day + timedelta(weeks=n, days=-2), time(20), PARIS),
        )
        for n in range(weeks)
    )
    distributions = Distribution.objects.bulk_create(
        Distribution(cycle=cycle, pickup_point=point, date=first_day + timedelta(weeks=n))
        for n, cycle in enumerate(cycles)
        for point in points
    )
    offers = OfferItem.objects.bulk_create(
        OfferItem(cycle=cycle, variant=variant) for cycle in cycles for variant in variants
    )
    offer_of = {(o.cycle_id, o.variant_id): o for o in offers}
    total_per_order = sum((v.price for v in variants), Decimal("0"))
    orders = Order.objects.bulk_create(
        Order(
            number=f"H-{next(_numbers):07d}",
            customer=customer,
            cycle_id=distribution.cycle_id,
            distribution=distribution,
            pickup_point_id=distribution.pickup_point_id,
            total_incl_vat=total_per_order,
        )
        for distribution, customer in zip(distributions, itertools.cycle(customers), strict=False)
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            offer_item=offer_of[(order.cycle_id, variant.pk)],
            variant=variant,
            producer=variant.product.producer,
            product_name=str(variant),
            unit=variant.product.unit,
            storage=variant.product.storage,
            vat_rate=variant.product.vat_rate,
            quantity=Decimal(1),
            unit_price=variant.price,
            amount=variant.price,
        )
        for order in orders
        for variant in variants
    )
    return total_per_order * len(orders)
