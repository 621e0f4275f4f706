"""Reads of orders, always scoped to who may see them."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from shop.orders.models import Order, OrderLine


def orders_of(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(customer=user)
        .select_related("cycle", "distribution", "pickup_point")
        .order_by("-distribution__date", "-placed_at")
    )


def get_order_for(user, number: str) -> Order:
    """The consumer's own order; 404 alike for "absent" and "not yours"."""
    order = (
        orders_of(user)
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("producer")))
        .filter(number=number)
        .first()
    )
    if order is None:
        raise Http404
    return order
