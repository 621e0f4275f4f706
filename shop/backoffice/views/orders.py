"""Orders in the back-office: find them, and change or cancel one for a consumer."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.backoffice.forms.orders import OrderFilterForm
from shop.backoffice.views.common import page_of, query_without_page
from shop.cycles.models import OfferItem
from shop.orders.cart import BadQuantity, parse_quantity
from shop.orders.errors import OrderRefused
from shop.orders.selectors import get_order_for_admin, orders_for_admin
from shop.orders.services import Delivery, order_cancel, order_place


@admin_required
def order_list(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = orders_for_admin(
        cycle_id=getattr(filters.get("cycle"), "pk", None),
        point_id=getattr(filters.get("point"), "pk", None),
        producer_id=getattr(filters.get("producer"), "pk", None),
        status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    return render(
        request,
        "backoffice/orders/list.html",
        {"search": form, "page": page_of(request, rows), "query": query_without_page(request)},
    )


@admin_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_order_for_admin(order_id)
    editable = order.status == order.Status.PLACED and order.cycle.is_open(timezone.now())
    offer = (
        OfferItem.objects.filter(cycle=order.cycle, variant__active=True)
        .select_related("variant__product__producer")
        .order_by("variant__product__name", "variant__position")
        if editable
        else []
    )
    return render(
        request,
        "backoffice/orders/detail.html",
        {"order": order, "editable": editable, "offer": offer, "error": ""},
    )


@admin_required
@require_POST
def order_change(request: HttpRequest, order_id: int) -> HttpResponse:
    """Replace the order's lines with the quantities posted, for the consumer."""
    order = get_order_for_admin(order_id)
    items: dict[int, Decimal] = {}
    try:
        for key, value in request.POST.items():
            if key.startswith("qty-") and key[4:].isdigit() and value.strip():
                items[int(key[4:])] = parse_quantity(value, fractional=True)
    except BadQuantity as error:
        messages.error(request, str(error))
        return redirect("backoffice:order_detail", order_id=order.pk)
    try:
        order_place(
            customer=order.customer,
            cycle=order.cycle,
            point=order.pickup_point,
            items=items,
            professional=order.is_professional,
            delivery=Delivery(order.delivery_address, request.POST.get("postcode", "")),
            note=order.note,
        )
    except OrderRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Order %(number)s is updated.") % {"number": order.number})
    return redirect("backoffice:order_detail", order_id=order.pk)


@admin_required
@require_POST
def order_cancel_for_consumer(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_order_for_admin(order_id)
    try:
        order_cancel(order=order)
    except OrderRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": order.number})
    return redirect("backoffice:order_detail", order_id=order.pk)
