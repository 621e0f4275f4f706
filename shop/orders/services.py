"""Placing, changing and cancelling orders — the only writers of orders.

Rules enforced here, in the collective's own terms:
- orders are taken while the cycle is open (opens_at ≤ now < closes_at, and
  not closed): afterwards an order is frozen, for consumers and admins alike;
- the pickup point must be served by the cycle and active; home delivery
  needs an address in a served postcode;
- a pickup point takes at most `capacity` orders per distribution;
- an order reaches the minimum amount (the point's, else the collective's),
  compared with the amount to pay (VAT included);
- never oversell: stock is taken by conditional updates (in offer id order,
  so two checkouts never deadlock), so exactly what remains can be sold;
- a consumer has at most one live order per cycle: placing again replaces it.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.members.models import ShopSettings
from shop.money import quantize, totals_for
from shop.orders.errors import OrderRefused
from shop.orders.models import Order, OrderLine
from shop.orders.pricing import (
    estimated_line_amount,
    incl_vat_unit_price,
    set_totals,
    unit_price,
)
from shop.orders.signals import offer_changed, order_placed
from shop.pickup.models import PickupPoint


@dataclass(frozen=True)
class Delivery:
    address: str = ""
    postcode: str = ""


def order_place(
    *,
    customer,
    cycle: OrderCycle,
    point: PickupPoint,
    items: dict[int, Decimal],
    professional: bool = False,
    delivery: Delivery | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Order:
    """Place the customer's order for `cycle` at `point`, replacing their live one.

    Stock is taken last, by conditional updates in offer id order, so that the
    rows other buyers want are locked only for the instant before commit.
    """
    now = now or timezone.now()
    items = {int(v): Decimal(q) for v, q in items.items() if Decimal(q) > 0}
    if not items:
        raise OrderRefused(_("Your basket is empty."))
    with transaction.atomic():
        # One checkout at a time per customer: a double click waits, then
        # finds the first order and replaces it rather than failing.
        get_user_model().objects.select_for_update().filter(pk=customer.pk).first()
        cycle = _share_lock_cycle(cycle)
        _check_open(cycle, now)
        distribution = _distribution_for(cycle, point)
        point = distribution.pickup_point  # fresh: fees and minimum as they are now
        previous = (
            Order.objects.select_for_update()
            .filter(customer=customer, cycle=cycle, status=Order.Status.PLACED)
            .first()
        )
        _check_capacity(distribution, previous)
        offers = _offer_for(cycle, items)
        _check_offered(offers, items, point)
        lines = build_lines(offers, items, professional=professional)
        delivery_fee = _delivery_fee(point, delivery, lines)
        _check_minimum(point, lines, professional=professional)
        if previous is not None:
            # Lock every offer row this change touches, in id order like every
            # other writer, before releasing the old quantities: no deadlock.
            _lock_offer_rows(
                set(previous.lines.values_list("offer_item_id", flat=True))
                | {o.pk for o in offers.values()}
            )
            _release(previous)
            previous.lines.all().delete()
            order = previous
        else:
            # A unique placeholder: new orders never wait on each other's number.
            order = Order(customer=customer, cycle=cycle, number=f"new-{uuid.uuid4().hex[:16]}")
        order.distribution = distribution
        order.pickup_point = point
        order.is_professional = professional
        order.delivery_address = delivery.address if delivery else ""
        order.delivery_fee = delivery_fee
        order.note = note.strip()[:500]
        order.save()
        if order.number.startswith("new-"):
            order.number = f"{timezone.localdate(now).year}-{order.pk:06d}"
            Order.objects.filter(pk=order.pk).update(number=order.number)
        for line in lines:
            line.order = order
        OrderLine.objects.bulk_create(lines)
        _store_totals(order, lines)
        _take_stock(offers, items)
    transaction.on_commit(lambda: offer_changed(cycle.pk))
    transaction.on_commit(
        lambda: order_placed.send(Order, order_id=order.pk, changed=previous is not None)
    )
    return order


def order_cancel(*, order: Order, now: datetime | None = None) -> Order:
    """Cancel a live order before the deadline and put its quantities back on offer."""
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PLACED:
            raise OrderRefused(_("This order is no longer live."))
        _check_open(_share_lock_cycle(order.cycle), now)
        _release(order)
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: offer_changed(order.cycle_id))
    return order


def _share_lock_cycle(cycle: OrderCycle) -> OrderCycle:
    """Read the cycle under a shared lock: checkouts run side by side, while
    closing the cycle (an UPDATE) waits for them — and they for it."""
    return OrderCycle.objects.raw(
        "SELECT * FROM cycles_ordercycle WHERE id = %s FOR SHARE", [cycle.pk]
    )[0]


def _check_open(cycle: OrderCycle, now: datetime) -> None:
    if cycle.closed_at is not None or now >= cycle.closes_at:
        raise OrderRefused(
            _("Orders for this cycle closed on %(deadline)s.")
            % {"deadline": date_format(timezone.localtime(cycle.closes_at), "l j F, H:i")}
        )
    if now < cycle.opens_at:
        raise OrderRefused(
            _("Orders for this cycle open on %(opening)s.")
            % {"opening": date_format(timezone.localtime(cycle.opens_at), "l j F, H:i")}
        )


def _distribution_for(cycle: OrderCycle, point: PickupPoint) -> Distribution:
    distribution = (
        Distribution.objects.select_related("pickup_point")
        .filter(cycle=cycle, pickup_point_id=point.pk, pickup_point__active=True)
        .first()
    )
    if distribution is None:
        raise OrderRefused(_("This pickup point does not take orders for this cycle."))
    return distribution


def _check_capacity(distribution: Distribution, previous: Order | None) -> None:
    capacity = distribution.pickup_point.capacity
    if capacity is None:
        return
    if previous is not None and previous.distribution_id == distribution.pk:
        return  # changing an order there keeps its place
    # Serialise the checkouts of this distribution only while counting its orders.
    Distribution.objects.select_for_update().filter(pk=distribution.pk).first()
    taken = Order.objects.filter(distribution=distribution, status=Order.Status.PLACED).count()
    if taken >= capacity:
        raise OrderRefused(
            _("%(point)s is full for this distribution; please choose another pickup point.")
            % {"point": distribution.pickup_point.name}
        )


def _offer_for(cycle: OrderCycle, items: dict[int, Decimal]) -> dict[int, OfferItem]:
    offers = OfferItem.objects.filter(cycle=cycle, variant_id__in=items.keys()).select_related(
        "variant__product__producer"
    )
    by_variant = {o.variant_id: o for o in offers}
    missing = set(items) - set(by_variant)
    if missing:
        raise OrderRefused(
            _("Some products are not on offer in this cycle."),
            shortages=dict.fromkeys(missing, Decimal("0")),
        )
    return by_variant


def _check_offered(
    offers: dict[int, OfferItem], items: dict[int, Decimal], point: PickupPoint
) -> None:
    """Every product is still sold, and sold at this pickup point."""
    restricted = set(
        OfferItem.pickup_points.through.objects.filter(
            offeritem_id__in=[o.pk for o in offers.values()]
        ).values_list("offeritem_id", "pickuppoint_id")
    )
    restricted_items = {offer_id for offer_id, _point in restricted}
    unavailable = {}
    for variant_id in items:
        offer = offers[variant_id]
        variant = offer.variant
        sold = variant.active and variant.product.active and variant.product.producer.active
        here = offer.pk not in restricted_items or (offer.pk, point.pk) in restricted
        if not (sold and here):
            unavailable[variant_id] = str(variant)
    if unavailable:
        raise OrderRefused(
            _("No longer available here: %(products)s. Your basket is kept.")
            % {"products": ", ".join(unavailable.values())},
            shortages=dict.fromkeys(unavailable, Decimal("0")),
        )


def _take_stock(offers: dict[int, OfferItem], items: dict[int, Decimal]) -> None:
    """Add the quantities to what is sold, only where enough remains."""
    short = {}
    for offer in sorted(offers.values(), key=lambda o: o.pk):
        quantity = items[offer.variant_id]
        taken = OfferItem.objects.filter(
            Q(quantity_available__isnull=True)
            | Q(quantity_available__gte=F("quantity_sold") + quantity),
            pk=offer.pk,
        ).update(quantity_sold=F("quantity_sold") + quantity)
        if not taken:
            short[offer.variant_id] = offer
    if short:
        remaining = dict(
            OfferItem.objects.filter(pk__in=[o.pk for o in short.values()]).values_list(
                "variant_id", F("quantity_available") - F("quantity_sold")
            )
        )
        raise OrderRefused(
            _("Not enough left of: %(products)s. Your basket is kept; adjust the quantities.")
            % {"products": ", ".join(str(o.variant) for o in short.values())},
            shortages={v: max(remaining.get(v, 0), Decimal("0")) for v in short},
        )


def build_lines(
    offers: dict[int, OfferItem], items: dict[int, Decimal], *, professional: bool
) -> list[OrderLine]:
    """Unsaved lines for these quantities, priced for this buyer (checkout, and the
    benchmarks' bulk orders). `offers` by variant id, with variant, product and
    producer loaded."""
    lines = []
    for variant_id, quantity in items.items():
        offer = offers[variant_id]
        variant = offer.variant
        product = variant.product
        price = unit_price(variant, professional=professional)
        lines.append(
            OrderLine(
                offer_item=offer,
                variant=variant,
                producer=product.producer,
                product_name=str(variant),
                unit=product.unit,
                storage=product.storage,
                vat_rate=product.vat_rate,
                quantity=quantity,
                unit_price=price,
                incl_vat_unit_price=incl_vat_unit_price(variant, professional=professional),
                variable_weight=product.variable_weight,
                estimated_weight_kg=variant.estimated_weight_kg,
                amount=estimated_line_amount(variant, quantity, professional=professional),
            )
        )
    return lines


def _delivery_fee(point: PickupPoint, delivery: Delivery | None, lines: list[OrderLine]) -> Decimal:
    if not point.is_home_delivery:
        return Decimal("0.00")
    if delivery is None or not delivery.address.strip():
        raise OrderRefused(_("Give the delivery address."))
    if not point.serves_postcode(delivery.postcode):
        raise OrderRefused(
            _("Home delivery does not serve the postcode %(postcode)s.")
            % {"postcode": delivery.postcode}
        )
    subtotal = sum((line.amount for line in lines), Decimal("0"))
    if point.free_delivery_above is not None and subtotal >= point.free_delivery_above:
        return Decimal("0.00")
    return point.delivery_fee


def _check_minimum(point: PickupPoint, lines: list[OrderLine], *, professional: bool) -> None:
    minimum = point.minimum_order_amount
    if minimum is None:
        minimum = ShopSettings.load().minimum_order_amount
    if not minimum:
        return
    amount = totals_for(
        ((line.vat_rate, line.amount) for line in lines), prices_incl_vat=not professional
    ).total_incl
    if amount < minimum:
        raise OrderRefused(
            _("The minimum order is %(minimum)s €; your basket is %(amount)s €.")
            % {"minimum": _money(minimum), "amount": _money(amount)}
        )


def _money(amount: Decimal) -> str:
    return f"{quantize(amount):.2f}".replace(".", ",")


def _quantities_of(order: Order) -> dict[int, Decimal]:
    return dict(order.lines.values_list("variant_id", "quantity"))


def _lock_offer_rows(offer_ids: set[int]) -> None:
    list(
        OfferItem.objects.select_for_update()
        .filter(pk__in=offer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _release(order: Order) -> None:
    for line in order.lines.order_by("offer_item_id"):
        OfferItem.objects.filter(pk=line.offer_item_id).update(
            quantity_sold=F("quantity_sold") - line.quantity
        )


def _store_totals(order: Order, lines: list[OrderLine]) -> None:
    set_totals(order, ((line.vat_rate, line.amount) for line in lines))
    Order.objects.filter(pk=order.pk).update(
        total_excl_vat=order.total_excl_vat,
        total_vat=order.total_vat,
        total_incl_vat=order.total_incl_vat,
    )
