"""The consumer's current choice of cycle and pickup point."""

from django.http import HttpRequest
from django.utils import timezone

from shop.members.selectors import profile_of
from shop.orders.cart import load_cart
from shop.storefront import selectors


def current_choice(request: HttpRequest) -> selectors.Choice:
    """From the basket, else the consumer's default point, else the first open cycle."""
    cart = load_cart(request.session)
    cycles = selectors.open_cycles(timezone.now())
    point_id = cart.point_id
    if point_id is None:
        profile = profile_of(request.user)
        point_id = profile.default_pickup_point_id if profile else None
    return selectors.choose(cycles, cart.cycle_id, point_id)


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` the form asked for, if it stays on this site."""
    from django.shortcuts import resolve_url
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
