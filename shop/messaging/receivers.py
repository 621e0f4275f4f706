"""Other areas' signals that lead to an e-mail."""

import logging

from shop.orders.signals import order_placed

logger = logging.getLogger(__name__)


def connect() -> None:
    order_placed.connect(_order_placed, dispatch_uid="messaging.order_placed")


def _order_placed(sender, *, order_id: int, changed: bool = False, **kwargs) -> None:
    from shop.messaging.tasks import send_order_placed

    # Sent from the collective's schema: tenant-schemas-celery runs it there.
    # Without a broker the task runs here and now: an e-mail problem must
    # never spoil the checkout that has just succeeded.
    try:
        send_order_placed.delay(order_id=order_id, changed=changed)
    except Exception:
        logger.exception("The e-mail of order %s could not be prepared", order_id)
