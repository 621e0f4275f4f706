"""Handing orders over at the pickup point, from a depot keeper's phone.

Rules enforced here:
- every action carries a UUID made by the phone when the keeper tapped; an
  action already recorded under that UUID is not recorded again, so a queue
  of actions kept offline and sent twice records each one once;
- a UUID belongs to one action: reused for another order, it is refused;
- a cancelled order cannot be handed over;
- payment at pickup is taken only for orders to pay at pickup, and never
  more than what is still due (the order's total less what was recorded).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.logistics.models import HandOverEvent, PickupPayment
from shop.logistics.reports.pickup import amount_due
from shop.orders.models import Order

logger = logging.getLogger(__name__)

# A phone's clock may be wrong; a time from it is kept only when plausible.
CLOCK_TOLERANCE = timedelta(days=7)


@dataclass(frozen=True)
class Recorded:
    """The outcome of one action: `created` is False when it had been recorded already."""

    created: bool
    order: Order


def order_mark_collected(
    *,
    order: Order,
    by,
    client_uuid,
    collected: bool = True,
    at: datetime | None = None,
) -> Recorded:
    """Tick the order as collected (or undo it), once per `client_uuid`."""
    key = _uuid(client_uuid)
    kind = HandOverEvent.Kind.COLLECTED if collected else HandOverEvent.Kind.UNDONE
    existing = _already(HandOverEvent, key, order)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order.pk)
            if order.status == Order.Status.CANCELLED:
                raise ValidationError(
                    _("Order %(number)s was cancelled.") % {"number": order.number}
                )
            HandOverEvent.objects.create(
                order=order, kind=kind, client_uuid=key, by=by, happened_at=_when(at)
            )
            order.status = Order.Status.COLLECTED if collected else Order.Status.PLACED
            Order.objects.filter(pk=order.pk).update(status=order.status, updated_at=timezone.now())
    except IntegrityError:
        # The same UUID arrived twice at the same instant: the other one won.
        return _already(HandOverEvent, key, order) or Recorded(False, order)
    logger.info("Order %s %s by %s", order.pk, kind, getattr(by, "pk", None))
    return Recorded(True, order)


def handover_remark_add(
    *, order: Order, by, client_uuid, remark: str, at: datetime | None = None
) -> Recorded:
    """A remark on the hand-over (missing bag, someone else collected…), once per UUID."""
    key = _uuid(client_uuid)
    remark = " ".join(str(remark).split())[:500]
    if not remark:
        raise ValidationError(_("Write the remark first."))
    existing = _already(HandOverEvent, key, order)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            HandOverEvent.objects.create(
                order=order,
                kind=HandOverEvent.Kind.REMARK,
                remark=remark,
                client_uuid=key,
                by=by,
                happened_at=_when(at),
            )
    except IntegrityError:
        return _already(HandOverEvent, key, order) or Recorded(False, order)
    return Recorded(True, order)


def pickup_payment_record(
    *, order: Order, mode: str, amount, by, client_uuid, at: datetime | None = None
) -> Recorded:
    """Money taken at the pickup point, once per `client_uuid`."""
    key = _uuid(client_uuid)
    if mode not in PickupPayment.Mode.values:
        raise ValidationError(_("Choose cash, cheque or card."))
    amount = _amount(amount)
    existing = _already(PickupPayment, key, order)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order.pk)
            if order.status == Order.Status.CANCELLED:
                raise ValidationError(
                    _("Order %(number)s was cancelled.") % {"number": order.number}
                )
            if order.payment_status != Order.PaymentStatus.AT_PICKUP:
                raise ValidationError(
                    _("Order %(number)s is not paid at pickup (%(status)s).")
                    % {"number": order.number, "status": order.get_payment_status_display()}
                )
            due = order_amount_due(order)
            if amount > due:
                raise ValidationError(
                    _("Only %(due)s € is still to pay for order %(number)s.")
                    % {"due": f"{due:.2f}".replace(".", ","), "number": order.number}
                )
            PickupPayment.objects.create(
                order=order, mode=mode, amount=amount, client_uuid=key, by=by, happened_at=_when(at)
            )
    except IntegrityError:
        return _already(PickupPayment, key, order) or Recorded(False, order)
    logger.info("Payment at pickup on order %s by %s", order.pk, getattr(by, "pk", None))
    return Recorded(True, order)


def order_amount_due(order: Order) -> Decimal:
    paid = PickupPayment.objects.filter(order=order).aggregate(s=Sum("amount"))["s"]
    return amount_due(
        total=order.total_incl_vat,
        payment_status=order.payment_status,
        paid_at_pickup=paid or Decimal("0"),
    )


def _already(model, key: uuid.UUID, order: Order) -> Recorded | None:
    found = model.objects.filter(client_uuid=key).select_related("order").first()
    if found is None:
        return None
    if found.order_id != order.pk:
        raise ValidationError(_("This action was already recorded for another order."))
    return Recorded(False, found.order)


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise ValidationError(_("This action has no valid identifier.")) from None


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give the amount in euros, e.g. 23,50.")) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Give the amount in euros, e.g. 23,50."))
    return amount.quantize(Decimal("0.01"))


def _when(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None or timezone.is_naive(at) or abs(now - at) > CLOCK_TOLERANCE:
        return now
    return at
