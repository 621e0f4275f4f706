"""Reads of orders, always scoped to who may see them."""

from django.db.models import Prefetch, Q, QuerySet
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


def orders_for_admin(
    *,
    cycle_id: int | None = None,
    point_id: int | None = None,
    producer_id: int | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[Order]:
    """The back-office order list: every filter in SQL, one query per page."""
    orders = Order.objects.select_related("customer", "pickup_point", "distribution", "cycle")
    if cycle_id:
        orders = orders.filter(cycle_id=cycle_id)
    if point_id:
        orders = orders.filter(pickup_point_id=point_id)
    if producer_id:
        orders = orders.filter(lines__producer_id=producer_id).distinct()
    if status:
        orders = orders.filter(status=status)
    for word in search.split()[:4]:
        orders = orders.filter(
            Q(number__icontains=word)
            | Q(customer__email__icontains=word)
            | Q(customer__first_name__icontains=word)
            | Q(customer__last_name__icontains=word)
        )
    return orders.order_by("-distribution__date", "pickup_point__name", "number")


def get_order_for_admin(order_id: int) -> Order:
    order = (
        Order.objects.select_related("customer", "pickup_point", "distribution", "cycle")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("producer", "variant"))
        )
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise Http404
    return order
