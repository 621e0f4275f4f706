"""The basket: updated in place with htmx, kept in the session."""

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shop.catalogue.models import Variant
from shop.members.selectors import is_professional
from shop.orders.cart import BadQuantity, load_cart, parse_quantity, save_cart
from shop.storefront import selectors
from shop.storefront.shopping import current_choice, safe_next


def _render_cart(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    choice = current_choice(request)
    cart = load_cart(request.session)
    view = selectors.cart_view(
        cart, choice.cycle, choice.point, professional=is_professional(request.user)
    )
    template = "storefront/_cart.html" if request.htmx else "storefront/cart.html"
    return render(
        request,
        template,
        {"cart": view, "choice": choice, "cart_error": error, "editing": cart.editing_order_id},
        status=status,
    )


def cart_page(request: HttpRequest) -> HttpResponse:
    return _render_cart(request)


@require_POST
def cart_set(request: HttpRequest) -> HttpResponse:
    """Set a variant's quantity (0 removes it). Bad input changes nothing."""
    variant_id = request.POST.get("variant", "")
    variant = get_object_or_404(
        Variant.objects.select_related("product"),
        pk=int(variant_id) if re.fullmatch(r"[0-9]{1,12}", variant_id) else 0,
    )
    cart = load_cart(request.session)
    try:
        quantity = parse_quantity(
            request.POST.get("quantity"), fractional=variant.product.unit in ("kg", "l")
        )
    except BadQuantity as error:
        if request.htmx:
            return _render_cart(request, error=str(error), status=422)
        messages.error(request, str(error))
        return redirect("storefront:cart")
    if request.POST.get("add"):
        quantity += cart.items.get(variant.pk, 0)
    if cart.cycle_id is None:
        # The basket belongs to the cycle shown when it was filled.
        shown = current_choice(request).cycle
        cart.cycle_id = shown.pk if shown else None
    cart.set(variant.pk, quantity)
    save_cart(request.session, cart)
    if request.htmx:
        return _render_cart(request)
    return redirect(safe_next(request, "storefront:cart"))
