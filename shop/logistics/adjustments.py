"""Adjustments after the deadline: actual weights and shortages.

Rules enforced here:
- orders are adjusted only once their cycle is closed (before, consumers
  change them themselves) and only while they are to be handed over;
- a line's amount follows what is billed (its actual weight for
  variable-weight goods, else its quantity) by the same rule as at checkout
  (`shop.orders.pricing.amount_of`), rounded once per line; an order's
  totals are recomputed from its lines as when it was placed;
- a shortage says how much of what was ordered the producer supplies in all;
  the orders placed last are reduced first ("first come, first served", as
  when ordering); orders already handed over are never reduced; a line
  reduced to nothing is removed, an order left with nothing is cancelled;
  the offer then shows what was really sold;
- the consumer is told by e-mail, and `order_total_adjusted` is sent so the
  payments side can refund or charge the difference of an order paid online;
- an order whose invoices are issued is never adjusted: an issued invoice
  never changes, so the admins correct it with a credit note instead.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.cycles.models import OfferItem
from shop.logistics import mail
from shop.logistics.models import ShortageAdjustment, ShortageRecord, Weighing
from shop.logistics.names import plain_number
from shop.logistics.signals import order_total_adjusted
from shop.money import ZERO
from shop.orders.models import Order, OrderLine
from shop.orders.pricing import billed_amount, set_totals
from shop.orders.signals import offer_changed

logger = logging.getLogger(__name__)

MAX_WEIGHT_KG = Decimal("999999")
WEIGHT_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class OrderChange:
    """What an adjustment did to one order, for the e-mail and the payments side."""

    order_id: int
    total_before: Decimal
    total_after: Decimal
    reason: str  # "weight" or "shortage"


# --- Actual weights -------------------------------------------------------------------------


def line_set_actual_weight(
    *, line: OrderLine, weight_kg, by=None, notify: bool = True
) -> OrderLine:
    """Record what a variable-weight line actually weighs; its price and order follow."""
    weight = _weight(weight_kg)
    with transaction.atomic():
        line, change = _set_weight(line.pk, line.order_id, weight, by)
        transaction.on_commit(lambda: _after([change], notify=notify))
    return line


def weights_record(*, weights: dict[int, object], producer, by=None) -> int:
    """Record several weights of one producer at once; one e-mail per order changed.

    `weights` maps line ids to weights in kg; lines not the producer's are refused.
    """
    parsed = {int(line_id): _weight(value) for line_id, value in weights.items()}
    if not parsed:
        return 0
    changes: dict[int, OrderChange] = {}
    with transaction.atomic():
        found = dict(
            OrderLine.objects.filter(pk__in=parsed.keys(), producer=producer).values_list(
                "pk", "order_id"
            )
        )
        if set(found) != set(parsed):
            raise ValidationError(_("Some of these lines are not yours."))
        # Orders are locked in id order, as every writer of orders does: no deadlock.
        for line_id, order_id in sorted(found.items(), key=lambda f: (f[1], f[0])):
            _line, change = _set_weight(line_id, order_id, parsed[line_id], by)
            first = changes.get(order_id)
            before = first.total_before if first else change.total_before
            changes[order_id] = OrderChange(order_id, before, change.total_after, "weight")
        transaction.on_commit(lambda: _after(list(changes.values()), notify=True))
    return len(found)


def _set_weight(
    line_id: int, order_id: int, weight: Decimal, by
) -> tuple[OrderLine, "OrderChange"]:
    order = _lock_order(order_id)
    line = OrderLine.objects.select_for_update().get(pk=line_id, order_id=order_id)
    _check_adjustable(order)
    if not line.variable_weight:
        raise ValidationError(
            _("%(product)s is not sold by weight.") % {"product": line.product_name}
        )
    before_line, before_total = line.amount, order.total_incl_vat
    line.actual_weight_kg = weight
    line.amount = billed_amount(line, weight)
    line.save(update_fields=["actual_weight_kg", "amount"])
    _store_totals(order)
    Weighing.objects.create(
        line=line,
        order=order,
        weight_kg=weight,
        amount_before=before_line,
        amount_after=line.amount,
        recorded_by=by,
    )
    return line, OrderChange(order.pk, before_total, order.total_incl_vat, "weight")


# --- Shortages ------------------------------------------------------------------------------


def product_mark_short(
    *,
    offer_item: OfferItem,
    quantity_supplied,
    by=None,
    note: str = "",
    now: datetime | None = None,
) -> ShortageRecord:
    """The producer can supply only `quantity_supplied` of what was ordered of this variant."""
    supplied = _quantity(quantity_supplied)
    with transaction.atomic():
        item = (
            OfferItem.objects.select_for_update()
            .select_related("cycle", "variant__product")
            .get(pk=offer_item.pk)
        )
        if item.cycle.closed_at is None:
            raise ValidationError(_("Orders are still open: change the quantity on offer instead."))
        live = OrderLine.objects.filter(
            offer_item=item, order__status__in=(Order.Status.PLACED, Order.Status.COLLECTED)
        )
        quantities = dict(live.values_list("order__status").annotate(q=Sum("quantity")).order_by())
        ordered = sum(quantities.values(), Decimal("0"))
        handed_over = quantities.get(Order.Status.COLLECTED, Decimal("0"))
        if supplied >= ordered:
            raise ValidationError(
                _("%(quantity)s were ordered: nothing to reduce.")
                % {"quantity": plain_number(ordered)}
            )
        if supplied < handed_over:
            raise ValidationError(
                _("%(quantity)s were already handed over: you cannot supply less.")
                % {"quantity": plain_number(handed_over)}
            )
        order_ids = set(
            live.filter(order__status=Order.Status.PLACED).values_list("order_id", flat=True)
        )
        # Orders locked in id order, as every writer of orders does: no deadlock.
        orders = {
            o.pk: o
            for o in Order.objects.select_for_update()
            .filter(pk__in=order_ids, status=Order.Status.PLACED)
            .order_by("pk")
        }
        # Under the locks: issuance locks the same orders, so it either came first
        # (its invoices are seen here) or waits and invoices what remains.
        _check_not_invoiced(set(orders))
        lines = list(
            OrderLine.objects.select_for_update()
            .filter(offer_item=item, order_id__in=orders.keys())
            .order_by("-order__placed_at", "-order_id", "-id")
        )
        record = ShortageRecord.objects.create(
            cycle=item.cycle,
            offer_item=item,
            producer=item.variant.product.producer,
            product_name=str(item.variant),
            quantity_ordered=ordered,
            quantity_supplied=supplied,
            note=note.strip()[:300],
            recorded_by=by,
        )
        changes, notices = _cut(record, lines, orders, ordered - supplied)
        OfferItem.objects.filter(pk=item.pk).update(
            quantity_sold=F("quantity_sold") - (ordered - supplied),
        )
        OfferItem.objects.filter(pk=item.pk).update(quantity_available=F("quantity_sold"))
        cycle_id = item.cycle_id
        transaction.on_commit(lambda: offer_changed(cycle_id))
        transaction.on_commit(lambda: _after(changes, notify=False))
        transaction.on_commit(lambda: _tell_shortages(notices))
    logger.info("Shortage %s on offer %s by %s", record.pk, item.pk, getattr(by, "pk", None))
    return record


def _cut(
    record, lines: list[OrderLine], orders: dict, to_cut: Decimal
) -> tuple[list[OrderChange], dict[int, list]]:
    """Take `to_cut` from the lines, last ordered first.

    Returns the orders' changes and, per order, (line as ordered, quantity
    that will be handed over) pairs for telling the consumer.
    """
    touched: dict[int, Decimal] = {}
    notices: dict[int, list] = defaultdict(list)
    adjustments = []
    for line in lines:
        if to_cut <= 0:
            break
        order = orders[line.order_id]
        touched.setdefault(order.pk, order.total_incl_vat)
        taken = min(line.quantity, to_cut)
        to_cut -= taken
        before_qty, before_amount = line.quantity, line.amount
        as_ordered = OrderLine(
            product_name=line.product_name,
            producer_id=line.producer_id,
            unit=line.unit,
            quantity=before_qty,
            amount=before_amount,
        )
        if taken == line.quantity:
            line.delete()
            after_qty, after_amount = Decimal("0"), ZERO
        else:
            _reduce(line, line.quantity - taken)
            after_qty, after_amount = line.quantity, line.amount
        notices[order.pk].append((as_ordered, after_qty))
        adjustments.append(
            ShortageAdjustment(
                record=record,
                order=order,
                quantity_before=before_qty,
                quantity_after=after_qty,
                amount_before=before_amount,
                amount_after=after_amount,
            )
        )
    ShortageAdjustment.objects.bulk_create(adjustments)
    changes = []
    for order_id, total_before in touched.items():
        order = orders[order_id]
        _store_totals(order)
        changes.append(OrderChange(order_id, total_before, order.total_incl_vat, "shortage"))
    return changes, dict(notices)


def _reduce(line: OrderLine, quantity: Decimal) -> None:
    if line.variable_weight and line.actual_weight_kg is not None:
        # Weighed already: keep the weight of the pieces that remain.
        weight = (line.actual_weight_kg * quantity / line.quantity).quantize(WEIGHT_PLACES)
        line.actual_weight_kg = weight
        billed = weight
    elif line.variable_weight and line.estimated_weight_kg:
        billed = quantity * line.estimated_weight_kg
    else:
        billed = quantity
    line.quantity = quantity
    line.amount = billed_amount(line, billed)
    line.save(update_fields=["quantity", "actual_weight_kg", "amount"])


# --- Shared ---------------------------------------------------------------------------------


def _lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().select_related("cycle").get(pk=order_id)


def _check_adjustable(order: Order) -> None:
    if order.cycle.closed_at is None:
        raise ValidationError(_("Orders are still open: weights are entered after the deadline."))
    if order.status != Order.Status.PLACED:
        raise ValidationError(
            _("Order %(number)s is %(status)s: it can no longer be adjusted.")
            % {"number": order.number, "status": order.get_status_display().lower()}
        )
    if order.invoices.exists():
        raise ValidationError(
            _(
                "Order %(number)s is invoiced already: its invoices cannot change. "
                "Ask an admin to record the difference as a credit note."
            )
            % {"number": order.number}
        )


def _check_not_invoiced(order_ids: set[int]) -> None:
    invoiced = Order.objects.filter(pk__in=order_ids, invoices__isnull=False).distinct().count()
    if invoiced:
        raise ValidationError(
            ngettext(
                "%(count)s order of this product is invoiced already: invoices cannot "
                "change. Ask an admin to record the shortage as a credit note.",
                "%(count)s orders of this product are invoiced already: invoices cannot "
                "change. Ask an admin to record the shortage as credit notes.",
                invoiced,
            )
            % {"count": invoiced}
        )


def _store_totals(order: Order) -> None:
    """The order's totals from its lines, as `shop.orders.services` computes them."""
    lines = list(OrderLine.objects.filter(order=order).values_list("vat_rate", "amount"))
    if not lines:
        order.status = Order.Status.CANCELLED
        order.total_excl_vat = order.total_vat = order.total_incl_vat = ZERO
        Order.objects.filter(pk=order.pk).update(
            status=order.status, total_excl_vat=ZERO, total_vat=ZERO, total_incl_vat=ZERO
        )
        return
    set_totals(order, lines)
    Order.objects.filter(pk=order.pk).update(
        total_excl_vat=order.total_excl_vat,
        total_vat=order.total_vat,
        total_incl_vat=order.total_incl_vat,
    )


def _after(changes: list[OrderChange], *, notify: bool) -> None:
    """After commit: tell the payments side, then (weights) the consumers."""
    for change in changes:
        if change.total_before != change.total_after:
            order_total_adjusted.send(
                Order,
                order_id=change.order_id,
                total_before=change.total_before,
                total_after=change.total_after,
                reason=change.reason,
            )
    if notify:
        _tell_weighed(changes)


def _tell_weighed(changes: list[OrderChange]) -> None:
    """Weighed: the consumer learns the final amount of their order."""
    by_order = {c.order_id: c for c in changes}
    orders = Order.objects.filter(pk__in=by_order).select_related("customer")
    lines = defaultdict(list)
    for line in OrderLine.objects.filter(order_id__in=by_order).order_by("product_name"):
        lines[line.order_id].append(line)
    for order in orders:
        mail.send(
            to=order.customer.email,
            language=order.customer.language,
            template="order_weighed",
            context={
                "order": order,
                "lines": lines.get(order.pk, []),
                "change": by_order[order.pk],
                "paid_online": order.payment_status == Order.PaymentStatus.PAID,
            },
        )


def _tell_shortages(notices: dict[int, list]) -> None:
    from shop.messaging.transactional import email_shortage, order_with_lines

    for order_id, pairs in notices.items():
        email_shortage(order_with_lines(order_id), pairs)


def _weight(value) -> Decimal:
    try:
        weight = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give the weight in kg, e.g. 1,250.")) from None
    if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT_KG:
        raise ValidationError(_("Give the weight in kg, e.g. 1,250."))
    return weight.quantize(WEIGHT_PLACES)


def _quantity(value) -> Decimal:
    try:
        quantity = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give the quantity you can supply, e.g. 0 or 12.")) from None
    if not quantity.is_finite() or quantity < 0:
        raise ValidationError(_("Give the quantity you can supply, e.g. 0 or 12."))
    return quantity.quantize(WEIGHT_PLACES)
