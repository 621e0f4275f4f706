"""E-mails that follow something happening to one order or one producer.

The areas that make these things happen call these functions (after commit):
- orders: `email_order_placed` — wired to `shop.orders.signals.order_placed`;
- logistics (close and hand-over): `email_shortage`, `email_ready_for_pickup`,
  `email_close_summary` (a producer's summary with their lists attached);
- billing: `email_payment_needed`, `email_payment_failed`.

Each returns True when the mail server took the e-mail. None raises because
of the mail server: the order, the close or the payment stand either way.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.urls import reverse

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.messaging.audience import LIVE_ORDER
from shop.messaging.emails import Attachment, Recipient, send_templated_email, site_url
from shop.orders.models import Order, OrderLine


def order_with_lines(order_id: int) -> Order:
    return (
        Order.objects.select_related("customer", "cycle", "distribution", "pickup_point")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("producer")))
        .get(pk=order_id)
    )


def _order_context(order: Order) -> dict:
    base = site_url()
    return {
        "order": order,
        "lines": list(order.lines.all()),
        "site_url": base,
        "order_url": base.rstrip("/") + reverse("storefront:order", args=[order.number]),
    }


def email_order_placed(order: Order, *, changed: bool = False) -> bool:
    """The order's summary: "order confirmed", or "order changed" when it replaced one."""
    return send_templated_email(
        to_user=order.customer,
        template="order_changed" if changed else "order_confirmed",
        context=_order_context(order),
    )


def email_shortage(order: Order, shortages: Iterable[tuple[OrderLine, Decimal]]) -> bool:
    """Some products of `order` could not be supplied in full.

    `shortages`: (order line, quantity that will be handed over) pairs, 0 for
    none at all. The lines' amounts are taken as they are now (the caller has
    already adjusted them, or will refund the difference).
    """
    rows = [
        {"line": line, "delivered": Decimal(delivered), "missing": line.quantity - delivered}
        for line, delivered in shortages
    ]
    if not rows:
        return False
    return send_templated_email(
        to_user=order.customer,
        template="shortage",
        context={**_order_context(order), "shortages": rows},
    )


def email_ready_for_pickup(order: Order) -> bool:
    """The order is ready: where, when (the point's day and hours) and how."""
    return send_templated_email(
        to_user=order.customer,
        template="ready_for_pickup",
        context={**_order_context(order), "point": order.pickup_point},
    )


def email_payment_needed(order: Order, *, pay_url: str) -> bool:
    return send_templated_email(
        to_user=order.customer,
        template="payment_needed",
        context={**_order_context(order), "pay_url": pay_url},
    )


def email_payment_failed(order: Order, *, pay_url: str) -> bool:
    return send_templated_email(
        to_user=order.customer,
        template="payment_failed",
        context={**_order_context(order), "pay_url": pay_url},
    )


def producer_recipient(producer: Producer):
    """The producer's account, else the farm's address (in French); None if neither."""
    if producer.user is not None and producer.user.is_active:
        return producer.user
    if producer.email:
        return Recipient(email=producer.email, language="fr", first_name=producer.name)
    return None


def close_summary_of(producer: Producer, cycle: OrderCycle) -> dict:
    """What the producer sold in the cycle: per product and per pickup point (2 queries)."""
    lines = OrderLine.objects.filter(
        producer=producer, order__cycle=cycle, order__status__in=LIVE_ORDER
    )
    products = list(
        lines.values("product_name", "unit")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("product_name")
    )
    points = list(
        lines.values("order__pickup_point__name", "order__distribution__date")
        .annotate(orders=Count("order", distinct=True), amount=Sum("amount"))
        .order_by("order__distribution__date", "order__pickup_point__name")
    )
    return {
        "products": products,
        "points": points,
        "total": sum((p["amount"] for p in products), Decimal("0")),
        "orders": sum(p["orders"] for p in points),
    }


def email_close_summary(
    producer: Producer, cycle: OrderCycle, attachments: Iterable[Attachment] = ()
) -> bool:
    """After the close: what the producer sold, with their lists (PDF, CSV…) attached."""
    recipient = producer_recipient(producer)
    if recipient is None:
        return False
    attachments = list(attachments)
    return send_templated_email(
        to_user=recipient,
        template="close_summary",
        context={
            "producer": producer,
            "cycle": cycle,
            "has_attachments": bool(attachments),
            **close_summary_of(producer, cycle),
        },
        attachments=attachments,
    )
