"""Writes to a producer's weekly offer: what they sell in a cycle, how many, where.

Rules enforced here:
- an offer changes only until the cycle's deadline (closes_at, compared in
  UTC so the collective's time zone cannot shift it) and never once closed;
- a producer offers only their own variants, and only active ones (an item
  already on offer may stay while its product is withdrawn from the catalogue);
- the quantity available is never set below what is already sold;
- an item already ordered is never withdrawn (its orders point at it): the
  producer may set its quantity to what is sold to stop selling it;
- an item restricted to some pickup points keeps the points where it was
  already ordered;
- all of a change is stored, or none of it.

Offer rows are locked in id order, like the ordering services do, so that a
checkout and an offer change never deadlock; the cycle is read under a shared
lock, so that closing the cycle waits for them.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.catalogue.models import Producer, Variant
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.cycles.offer_selectors import offer_previous_cycle_for_producer
from shop.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)

QUANTITY_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class OfferLine:
    """What the producer wants for one variant in the cycle."""

    variant_id: int
    offered: bool
    quantity_available: Decimal | None = None  # None: unlimited
    pickup_point_ids: frozenset[int] = frozenset()  # empty: every point of the cycle


@dataclass
class OfferSummary:
    added: int = 0
    changed: int = 0
    withdrawn: int = 0
    # Withdrawn in bulk although ordered: kept, with quantity = sold.
    kept_as_sold: int = 0


def offer_set_for_producer(
    *,
    producer: Producer,
    cycle: OrderCycle,
    lines: Iterable[OfferLine],
    now: datetime | None = None,
) -> OfferSummary:
    """Make the producer's offer in `cycle` what `lines` say; variants not in
    `lines` are left as they are."""
    desired = {line.variant_id: line for line in lines}
    return _apply(producer, cycle, desired, now=now)


def offer_copy_previous(
    *, producer: Producer, cycle: OrderCycle, now: datetime | None = None
) -> OfferSummary:
    """Offer again what the producer offered in their latest previous cycle:
    same quantities, same pickup points (those still served by this cycle).

    Adds and updates, never withdraws; variants since deactivated are skipped,
    and a quantity is raised to what is already sold here if need be.
    """
    previous = offer_previous_cycle_for_producer(producer=producer, cycle=cycle)
    if previous is None:
        raise ValidationError(_("You have no offer in an earlier cycle to copy."))
    points = set(Distribution.objects.filter(cycle=cycle).values_list("pickup_point_id", flat=True))
    current = _sold_by_variant(producer, cycle)
    desired = {}
    items = OfferItem.objects.filter(
        cycle=previous,
        variant__product__producer=producer,
        variant__active=True,
        variant__product__active=True,
    ).prefetch_related("pickup_points")
    for item in items:
        restricted = {p.pk for p in item.pickup_points.all()}
        if restricted and not restricted & points:
            continue  # sold only where this cycle does not go
        quantity = item.quantity_available
        if quantity is not None:
            quantity = max(quantity, current.get(item.variant_id, Decimal(0)))
        desired[item.variant_id] = OfferLine(
            item.variant_id, True, quantity, frozenset(restricted & points)
        )
    if not desired:
        raise ValidationError(_("Nothing from your previous offer can be offered again."))
    return _apply(producer, cycle, desired, now=now, keep_points_where_ordered=True)


def offer_add_all_unlimited(
    *, producer: Producer, cycle: OrderCycle, now: datetime | None = None
) -> OfferSummary:
    """Offer every active variant, in unlimited quantity (pickup points unchanged)."""
    variants = Variant.objects.filter(
        product__producer=producer, active=True, product__active=True
    ).values_list("pk", flat=True)
    existing = _points_by_variant(producer, cycle)
    desired = {pk: OfferLine(pk, True, None, frozenset(existing.get(pk, ()))) for pk in variants}
    return _apply(producer, cycle, desired, now=now)


def offer_withdraw_all(
    *, producer: Producer, cycle: OrderCycle, now: datetime | None = None
) -> OfferSummary:
    """Withdraw the producer's whole offer; what is already ordered stays on
    offer, closed to further sales (quantity = sold)."""
    sold = _sold_by_variant(producer, cycle)
    points = _points_by_variant(producer, cycle)
    desired = {
        pk: OfferLine(pk, True, quantity, frozenset(points.get(pk, ())))
        if quantity > 0
        else OfferLine(pk, False)
        for pk, quantity in sold.items()
    }
    summary = _apply(producer, cycle, desired, now=now)
    summary.kept_as_sold = sum(1 for quantity in sold.values() if quantity > 0)
    return summary


def offer_withdraw_product(*, product, now: datetime | None = None) -> int:
    """Take a product withdrawn from the catalogue out of the offers still open
    for changes, wherever nobody has ordered it; how many items went."""
    now = now or timezone.now()
    with transaction.atomic():
        items = list(
            OfferItem.objects.select_for_update(of=("self",))
            .filter(
                variant__product=product,
                quantity_sold=0,
                cycle__closed_at__isnull=True,
                cycle__closes_at__gt=now,
            )
            .exclude(order_lines__isnull=False)
            .order_by("id")
            .values_list("pk", flat=True)
        )
        OfferItem.pickup_points.through.objects.filter(offeritem_id__in=items).delete()
        OfferItem.objects.filter(pk__in=items).delete()
    return len(items)


# --- The one write path -------------------------------------------------------------------


def _apply(
    producer: Producer,
    cycle: OrderCycle,
    desired: dict[int, OfferLine],
    *,
    now: datetime | None,
    keep_points_where_ordered: bool = False,
) -> OfferSummary:
    now = now or timezone.now()
    try:
        with transaction.atomic():
            cycle = _share_lock_open_cycle(cycle, now)
            items = _locked_items(producer, cycle)
            variants = _variants(producer, desired)
            points = set(
                Distribution.objects.filter(cycle=cycle).values_list("pickup_point_id", flat=True)
            )
            ordered_at = _points_ordered_at(items.values())
            if keep_points_where_ordered:
                desired = _with_ordered_points(desired, items, ordered_at)
            problems = _problems(desired, items, variants, points, ordered_at)
            if problems:
                raise ValidationError(problems)
            summary = _write(cycle, desired, items)
    except IntegrityError as error:
        # Another tab offered the same variant at the same moment.
        raise ValidationError(
            _("Your offer was changed meanwhile in another window; please reload the page.")
        ) from error
    logger.info(
        "offer of producer %s in cycle %s: +%s ~%s -%s",
        producer.pk,
        cycle.pk,
        summary.added,
        summary.changed,
        summary.withdrawn,
    )
    return summary


def _share_lock_open_cycle(cycle: OrderCycle, now: datetime) -> OrderCycle:
    cycle = OrderCycle.objects.raw(
        "SELECT * FROM cycles_ordercycle WHERE id = %s FOR SHARE", [cycle.pk]
    )[0]
    if cycle.closed_at is not None or now >= cycle.closes_at:
        raise ValidationError(
            _("Orders for %(cycle)s closed on %(deadline)s: its offer can no longer change.")
            % {
                "cycle": cycle.name,
                "deadline": date_format(timezone.localtime(cycle.closes_at), "l j F, H:i"),
            }
        )
    return cycle


def _locked_items(producer: Producer, cycle: OrderCycle) -> dict[int, OfferItem]:
    items = (
        OfferItem.objects.select_for_update(of=("self",))
        .filter(cycle=cycle, variant__product__producer=producer)
        .prefetch_related("pickup_points")
        .order_by("id")
    )
    return {item.variant_id: item for item in items}


def _variants(producer: Producer, desired: dict[int, OfferLine]) -> dict[int, Variant]:
    return {
        v.pk: v
        for v in Variant.objects.filter(
            product__producer=producer, pk__in=list(desired)
        ).select_related("product")
    }


def _points_ordered_at(items: Iterable[OfferItem]) -> dict[int, set[int]]:
    """Offer item id → pickup points where live orders hold it."""
    sold = [item.pk for item in items if item.quantity_sold > 0]
    ordered_at: dict[int, set[int]] = {}
    if sold:
        pairs = (
            OrderLine.objects.filter(offer_item_id__in=sold, order__status=Order.Status.PLACED)
            .values_list("offer_item_id", "order__pickup_point_id")
            .distinct()
        )
        for item_id, point_id in pairs:
            ordered_at.setdefault(item_id, set()).add(point_id)
    return ordered_at


def _with_ordered_points(desired, items, ordered_at) -> dict[int, OfferLine]:
    widened = {}
    for pk, line in desired.items():
        item = items.get(pk)
        extra = ordered_at.get(item.pk, set()) if item else set()
        if line.pickup_point_ids and extra:
            line = OfferLine(
                pk, line.offered, line.quantity_available, line.pickup_point_ids | extra
            )
        widened[pk] = line
    return widened


def _problems(desired, items, variants, points, ordered_at) -> list[str]:
    problems = []
    if set(desired) - set(variants):
        return [_("Some of these products are not yours, or no longer exist.")]
    for pk, line in desired.items():
        variant, item = variants[pk], items.get(pk)
        name = str(variant)
        if not line.offered:
            if item is not None and item.quantity_sold > 0:
                problems.append(
                    _(
                        "%(name)s is already ordered (%(sold)s): it cannot be withdrawn. To stop selling it, set its quantity to %(sold)s."
                    )
                    % {"name": name, "sold": _quantity(item.quantity_sold)}
                )
            continue
        if item is None and not (variant.active and variant.product.active):
            problems.append(
                _("%(name)s is deactivated in your catalogue; activate it to offer it.")
                % {"name": name}
            )
        problems += _quantity_problems(name, line.quantity_available, item)
        if line.pickup_point_ids - points:
            problems.append(
                _("%(name)s: a chosen pickup point does not take part in this cycle.")
                % {"name": name}
            )
        missing = ordered_at.get(item.pk, set()) - line.pickup_point_ids if item else set()
        if line.pickup_point_ids and missing:
            problems.append(
                _("%(name)s is already ordered at pickup points you removed; keep them.")
                % {"name": name}
            )
    return problems


def _quantity_problems(name: str, quantity: Decimal | None, item: OfferItem | None) -> list[str]:
    if quantity is None:
        return []
    if quantity < 0:
        return [_("%(name)s: the quantity cannot be negative.") % {"name": name}]
    if quantity != quantity.quantize(QUANTITY_PLACES) or quantity >= Decimal(10) ** 7:
        return [_("%(name)s: the quantity “%(q)s” is not valid.") % {"name": name, "q": quantity}]
    sold = item.quantity_sold if item else Decimal(0)
    if quantity < sold:
        return [
            _("%(name)s: %(sold)s already sold, the quantity cannot be lower than that.")
            % {"name": name, "sold": _quantity(sold)}
        ]
    return []


def _quantity(value: Decimal) -> str:
    text = f"{value:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")


def _write(cycle, desired, items) -> OfferSummary:
    summary = OfferSummary()
    to_create, to_update, to_delete, to_zero = [], [], [], []
    points_of: dict[int, frozenset[int]] = {}  # variant id → new restriction
    for pk, line in desired.items():
        item = items.get(pk)
        if not line.offered:
            if item is not None:
                to_delete.append(item)
            continue
        if item is None:
            item = OfferItem(cycle=cycle, variant_id=pk, quantity_available=line.quantity_available)
            to_create.append(item)
            if line.pickup_point_ids:
                points_of[pk] = line.pickup_point_ids
            continue
        current_points = frozenset(p.pk for p in item.pickup_points.all())
        if (
            item.quantity_available != line.quantity_available
            or current_points != line.pickup_point_ids
        ):
            item.quantity_available = line.quantity_available
            to_update.append(item)
            if current_points != line.pickup_point_ids:
                points_of[pk] = line.pickup_point_ids

    # Cancelled orders keep their lines, which protect the item: such an item
    # stays, at quantity 0, rather than being deleted.
    referenced = set(
        OrderLine.objects.filter(offer_item__in=to_delete).values_list("offer_item_id", flat=True)
    )
    for item in [i for i in to_delete if i.pk in referenced]:
        to_delete.remove(item)
        item.quantity_available = Decimal(0)
        to_zero.append(item)

    OfferItem.objects.bulk_create(to_create)
    OfferItem.objects.bulk_update(to_update + to_zero, ["quantity_available"])
    OfferItem.objects.filter(pk__in=[i.pk for i in to_delete]).delete()
    _store_points(cycle, points_of, {**items, **{i.variant_id: i for i in to_create}})
    summary.added, summary.changed = len(to_create), len(to_update)
    summary.withdrawn = len(to_delete) + len(to_zero)
    return summary


def _store_points(cycle, points_of: dict[int, frozenset[int]], items: dict[int, OfferItem]):
    if not points_of:
        return
    through = OfferItem.pickup_points.through
    item_ids = [items[pk].pk for pk in points_of]
    through.objects.filter(offeritem_id__in=item_ids).delete()
    through.objects.bulk_create(
        through(offeritem_id=items[pk].pk, pickuppoint_id=point_id)
        for pk, point_ids in points_of.items()
        for point_id in sorted(point_ids)
    )


def _sold_by_variant(producer: Producer, cycle: OrderCycle) -> dict[int, Decimal]:
    return dict(
        OfferItem.objects.filter(cycle=cycle, variant__product__producer=producer).values_list(
            "variant_id", "quantity_sold"
        )
    )


def _points_by_variant(producer: Producer, cycle: OrderCycle) -> dict[int, set[int]]:
    pairs = OfferItem.pickup_points.through.objects.filter(
        offeritem__cycle=cycle, offeritem__variant__product__producer=producer
    ).values_list("offeritem__variant_id", "pickuppoint_id")
    points: dict[int, set[int]] = {}
    for variant_id, point_id in pairs:
        points.setdefault(variant_id, set()).add(point_id)
    return points
