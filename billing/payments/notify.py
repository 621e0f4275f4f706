"""Telling the consumer their payment needs them (after commit, never raising)."""

import logging

from django.db import transaction
from django.urls import reverse

from billing.payments.models import OrderPayment

logger = logging.getLogger(__name__)


def pay_url(order) -> str:
    from shop.messaging.emails import site_url

    return site_url(reverse("payments:order", args=[order.number]))


def payment_needs_consumer(payment: OrderPayment, *, failed: bool) -> None:
    """E-mail the link to complete (authenticate) or redo (declined) the payment."""
    order_id = payment.order_id
    transaction.on_commit(lambda: _send(order_id, failed=failed))


def _send(order_id: int, *, failed: bool) -> None:
    from shop.messaging import transactional

    order = transactional.order_with_lines(order_id)
    url = pay_url(order)
    try:
        if failed:
            transactional.email_payment_failed(order, pay_url=url)
        else:
            transactional.email_payment_needed(order, pay_url=url)
    except Exception:  # an e-mail never undoes a payment's news
        logger.exception("Payment e-mail for order %s not sent", order_id)
