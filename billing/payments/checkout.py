"""The checkout's hook: after an order is placed, go and pay online if that was chosen."""

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from billing.payments.models import PaymentSettings
from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import order_pay_at_pickup

ONLINE = "online"
PICKUP = "pickup"


def chosen_mode(request: HttpRequest, settings_row: PaymentSettings) -> str:
    """The consumer's choice on the checkout form, within what the collective offers."""
    if not settings_row.online_ready:
        return PICKUP
    if not settings_row.pay_at_pickup:
        return ONLINE
    return ONLINE if request.POST.get("payment") == ONLINE else PICKUP


def online_payment_redirect(request: HttpRequest, order) -> HttpResponse | None:
    """The payment page when the consumer chose to pay online; None to go on as usual."""
    if chosen_mode(request, PaymentSettings.load()) == ONLINE:
        return redirect("payments:order", number=order.number)
    # A changed order may switch back to pickup; one already being charged stays online.
    with suppress(PaymentRefused):
        order_pay_at_pickup(order=order)
    return None
