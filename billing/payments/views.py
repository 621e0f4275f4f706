"""The consumer's payment pages under /paiement/: an order's card, a membership."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.payments import membership as memberships
from billing.payments.models import PaymentSettings
from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import (
    order_pay_at_pickup,
    order_payment_card_saved,
    order_payment_page,
    order_payment_returned,
)
from billing.stripe_gateway import GatewayError, PaymentsNotConfigured
from shop.orders.selectors import get_order_for
from shop.storefront.shopping import safe_next

# Payment pages load Stripe.js and its frames; the rest of the site does not.
STRIPE_CSP = (
    "default-src 'self'; img-src 'self' data: https://*.stripe.com; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' https://js.stripe.com; "
    "frame-src https://js.stripe.com https://hooks.stripe.com; "
    "connect-src 'self' https://api.stripe.com; frame-ancestors 'none'"
)
UNREACHABLE = (GatewayError, PaymentsNotConfigured)


def _stripe_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(
        request,
        template,
        {
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_account": PaymentSettings.load().connected_account_id,
            **context,
        },
    )
    response["Content-Security-Policy"] = STRIPE_CSP
    return response


@login_required
def order_payment(request: HttpRequest, number: str) -> HttpResponse:
    order = get_order_for(request.user, number)
    try:
        page = order_payment_page(order=order)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("storefront:order", number=number)
    except UNREACHABLE:
        messages.error(request, _("Online payment is unavailable right now; please retry later."))
        return redirect("storefront:order", number=number)
    return _stripe_page(
        request,
        "payments/order_payment.html",
        {
            "order": order,
            "payment": page.payment,
            "client_secret": page.client_secret,
            "mode": page.mode,
        },
    )


@login_required
def order_payment_return(request: HttpRequest, number: str) -> HttpResponse:
    """Stripe sends the card holder back here with the intent's id."""
    order = get_order_for(request.user, number)
    try:
        if request.GET.get("setup_intent"):
            order_payment_card_saved(order=order, setup_intent_id=request.GET["setup_intent"])
            messages.success(
                request, _("Your card is saved: the final amount is charged after the pickup.")
            )
        elif request.GET.get("payment_intent"):
            payment = order_payment_returned(
                order=order, payment_intent_id=request.GET["payment_intent"]
            )
            if payment.status in (payment.Status.SUCCEEDED, payment.Status.PROCESSING):
                messages.success(request, _("Thank you, your payment went through."))
            else:
                messages.error(request, _("The payment did not go through; please try again."))
                return redirect("payments:order", number=number)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("payments:order", number=number)
    except UNREACHABLE:
        messages.warning(
            request, _("We could not check with Stripe yet; your order page updates soon.")
        )
    return redirect("storefront:order", number=number)


@login_required
@require_POST
def order_payment_at_pickup(request: HttpRequest, number: str) -> HttpResponse:
    order = get_order_for(request.user, number)
    try:
        order_pay_at_pickup(order=order)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("payments:order", number=number)
    messages.success(request, _("You will pay this order at pickup."))
    return redirect("storefront:order", number=number)


@login_required
def membership(request: HttpRequest) -> HttpResponse:
    """This year's membership: pay it online, or promise to pay it at pickup."""
    settings_row = PaymentSettings.load()
    if not settings_row.membership_required:
        return redirect(safe_next(request, "storefront:home"))
    current = memberships.membership_of(request.user)
    if request.method == "POST" and request.POST.get("mode") == "pickup":
        if not settings_row.pay_at_pickup:
            messages.error(request, _("This collective takes memberships online only."))
        else:
            memberships.membership_promise(user=request.user)
            messages.success(request, _("Thank you! You will pay your membership at pickup."))
            return redirect(safe_next(request, "storefront:home"))
    if request.method == "POST" and request.POST.get("mode") == "online":
        target = reverse("payments:membership_online")
        return redirect(f"{target}?{urlencode({'next': safe_next(request, 'storefront:home')})}")
    return render(
        request,
        "payments/membership.html",
        {
            "settings": settings_row,
            "membership": current,
            "year": memberships.current_year(),
            "next": safe_next(request, "storefront:home"),
        },
    )


@login_required
def membership_online(request: HttpRequest) -> HttpResponse:
    try:
        current, secret = memberships.membership_pay_online(user=request.user)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("payments:membership")
    except UNREACHABLE:
        messages.error(request, _("Online payment is unavailable right now; please retry later."))
        return redirect("payments:membership")
    return _stripe_page(
        request,
        "payments/membership_online.html",
        {
            "membership": current,
            "client_secret": secret,
            "next": safe_next(request, "storefront:home"),
        },
    )


@login_required
def membership_return(request: HttpRequest) -> HttpResponse:
    try:
        current = memberships.membership_returned(
            user=request.user, payment_intent_id=request.GET.get("payment_intent", "")
        )
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("payments:membership")
    except UNREACHABLE:
        messages.warning(request, _("We could not check with Stripe yet; please come back soon."))
        return redirect("payments:membership")
    if current.status == current.Status.PAID:
        messages.success(request, _("Thank you, your membership is paid."))
    else:
        messages.error(request, _("The payment did not go through; please try again."))
        return redirect("payments:membership")
    return redirect(safe_next(request, "storefront:home"))
