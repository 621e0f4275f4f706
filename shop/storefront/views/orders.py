"""Checkout and the consumer's orders: place, change until the deadline, cancel, reorder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.payments.checkout import online_payment_redirect
from shop.members.selectors import is_professional, profile_of
from shop.orders.cart import Cart, clear_cart, load_cart, save_cart
from shop.orders.errors import OrderRefused
from shop.orders.selectors import get_order_for, orders_of
from shop.orders.services import Delivery, order_cancel, order_place
from shop.storefront import selectors
from shop.storefront.shopping import current_choice


@login_required
def checkout(request: HttpRequest) -> HttpResponse:
    choice = current_choice(request)
    cart = load_cart(request.session)
    professional = is_professional(request.user)
    if cart.is_empty:
        messages.info(request, _("Your basket is empty."))
        return redirect("storefront:home")
    error = ""
    shortages = {}
    if request.method == "POST":
        if cart.cycle_id and (choice.cycle is None or choice.cycle.pk != cart.cycle_id):
            # Never slip the basket into another week's cycle behind her back.
            error = _(
                "Orders for the date you chose are closed. Your basket is kept: "
                "choose another date above."
            )
        elif choice.cycle is None or choice.point is None:
            error = _("Choose a pickup point and its date first.")
        else:
            try:
                order = order_place(
                    customer=request.user,
                    cycle=choice.cycle,
                    point=choice.point,
                    items=cart.items,
                    professional=professional,
                    delivery=Delivery(
                        request.POST.get("address", "")[:300],
                        request.POST.get("postcode", "")[:10],
                    ),
                    note=request.POST.get("note", ""),
                )
            except OrderRefused as refused:
                error = refused.message
                shortages = refused.shortages
            else:
                clear_cart(request.session)
                messages.success(
                    request,
                    _("Thank you! Your order %(number)s is placed.") % {"number": order.number},
                )
                return online_payment_redirect(request, order) or redirect(
                    "storefront:order", number=order.number
                )
    profile = profile_of(request.user)
    context = {
        "choice": choice,
        "cart": selectors.cart_view(cart, choice.cycle, choice.point, professional=professional),
        "error": error,
        "shortages": shortages,
        "profile": profile,
        "post": request.POST,
    }
    return render(request, "storefront/checkout.html", context, status=422 if error else 200)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/orders.html", {"orders": orders_of(request.user)[:100]})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = get_order_for(request.user, number)
    editable = order.status == order.Status.PLACED and order.cycle.is_open(timezone.now())
    return render(request, "storefront/order.html", {"order": order, "editable": editable})


@login_required
@require_POST
def order_edit(request: HttpRequest, number: str) -> HttpResponse:
    """Put the order's lines in the basket; checking out again replaces the order."""
    order = get_order_for(request.user, number)
    if not (order.status == order.Status.PLACED and order.cycle.is_open(timezone.now())):
        messages.error(request, _("This order can no longer be changed."))
        return redirect("storefront:order", number=number)
    cart = Cart(
        cycle_id=order.cycle_id,
        point_id=order.pickup_point_id,
        items={line.variant_id: line.quantity for line in order.lines.all()},
        editing_order_id=order.pk,
    )
    save_cart(request.session, cart)
    messages.info(request, _("Change your basket, then confirm the order again."))
    return redirect("storefront:home")


@login_required
@require_POST
def order_cancel_view(request: HttpRequest, number: str) -> HttpResponse:
    order = get_order_for(request.user, number)
    try:
        order_cancel(order=order)
    except OrderRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your order %(number)s is cancelled.") % {"number": number})
    return redirect("storefront:order", number=number)


@login_required
@require_POST
def order_reorder(request: HttpRequest, number: str) -> HttpResponse:
    """Fill the basket with a past order's products that are on offer now."""
    order = get_order_for(request.user, number)
    choice = current_choice(request)
    if choice.cycle is None:
        messages.error(request, _("No cycle is open for orders at the moment."))
        return redirect("storefront:order", number=number)
    on_offer = {
        v.variant.pk
        for card in selectors.offer_cards(
            choice.cycle, choice.point, professional=is_professional(request.user)
        )
        for v in card.variants
    }
    cart = load_cart(request.session)
    cart.cycle_id = choice.cycle.pk
    missing = []
    for line in order.lines.all():
        if line.variant_id in on_offer:
            cart.set(line.variant_id, line.quantity)
        else:
            missing.append(line.product_name)
    save_cart(request.session, cart)
    if missing:
        messages.warning(
            request, _("Not on offer this time: %(products)s.") % {"products": ", ".join(missing)}
        )
    else:
        messages.success(request, _("Your basket is filled again."))
    return redirect("storefront:cart")
