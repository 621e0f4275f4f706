"""Listening to the rest of the shop: an order's total lowered after it was charged."""

import logging

from billing.payments.models import OrderPayment
from billing.payments.services.common import PaymentRefused
from shop.orders.models import Order

logger = logging.getLogger(__name__)


def refund_lowered_total(sender, order_id, total_before, total_after, reason="", **kwargs):
    """Weights or shortages lowered a charged order: refund the difference at once.

    An order not charged yet needs nothing: it is charged at its final amount.
    """
    if total_after >= total_before:
        return
    payment = OrderPayment.objects.filter(order_id=order_id).first()
    if payment is None or payment.status not in (
        OrderPayment.Status.SUCCEEDED,
        OrderPayment.Status.REFUNDED,
    ):
        return
    from billing.payments.services.orders import order_refund_shortages

    try:
        order_refund_shortages(order=Order.objects.get(pk=order_id))
    except PaymentRefused as refused:
        logger.warning("Refund of order %s not made: %s", order_id, refused.message)


def connect() -> None:
    try:
        from shop.logistics.signals import order_total_adjusted
    except ImportError:  # logistics not installed
        return
    order_total_adjusted.connect(refund_lowered_total, dispatch_uid="payments-refund-lowered")
