"""Who sees which logistics pages and documents, in one place.

Admins see everything of their collective; a producer only their own lists
and lines; a depot keeper only the pickup points they keep. Lookups answer
404 alike for "does not exist" and "not yours".
"""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404

from groupage.accounts.models import Role
from shop.cycles.models import OrderCycle
from shop.orders.models import Order
from shop.pickup.models import PickupPoint


def as_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def as_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Http404 from None


def get_cycle(cycle_id) -> OrderCycle:
    return get_object_or_404(OrderCycle, pk=as_id(cycle_id))


def points_kept_by(user):
    points = PickupPoint.objects.filter(active=True).order_by("position", "name")
    if user.role == Role.ADMIN:
        return points
    return points.filter(keepers=user)


def get_point_for(user, point_id) -> PickupPoint:
    """The pickup point, if `user` keeps it (or is an admin)."""
    return get_object_or_404(points_kept_by(user), pk=as_id(point_id))


def get_order_at_point_for(user, point: PickupPoint, order_id) -> Order:
    """An order handed over at `point`, which `user` keeps."""
    return get_object_or_404(
        Order.objects.select_related("cycle"), pk=as_id(order_id), pickup_point=point
    )


def get_order_by_number_for(user, number: str) -> Order:
    """An order (by its number, as its QR code says) at a point `user` keeps."""
    return get_object_or_404(
        Order.objects.select_related("distribution"),
        number=str(number)[:20],
        pickup_point__in=points_kept_by(user),
    )
