"""The depot keeper's phone: today's orders at their point, hand-over and payment.

The page works without JavaScript (each button posts a form); with it,
actions are queued on the phone with a UUID each and sent as JSON to the
sync endpoint, which records each UUID once: a queue replayed after a lost
connection never records anything twice.
"""

import json
import uuid
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from billing.payments import membership as memberships
from billing.payments.models import Membership
from billing.payments.services.common import PaymentRefused
from shop.access import depot_keeper_required
from shop.logistics import handover
from shop.logistics.access import (
    as_date,
    get_order_at_point_for,
    get_order_by_number_for,
    get_point_for,
    points_kept_by,
)
from shop.logistics.documents.registry import DOCUMENTS, Scope
from shop.logistics.models import PickupPayment
from shop.logistics.reports.pickup import pickup_rows
from shop.logistics.views.common import file_response
from shop.orders.models import Order

STATIC = Path(__file__).resolve().parent.parent / "static" / "logistics"
MAX_ACTIONS = 200


@depot_keeper_required
def home(request: HttpRequest) -> HttpResponse:
    points = list(points_kept_by(request.user))
    if len(points) == 1:
        return redirect("depot:point", points[0].pk)
    return render(request, "logistics/depot/home.html", {"points": points})


@depot_keeper_required
@never_cache
def point_page(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_point_for(request.user, point_id)
    with timezone.override(request.tenant.zone):
        day = as_date(request.GET.get("date")) or timezone.localdate()
        rows = pickup_rows(_orders_at(point, day))
        search = request.GET.get("q", "").strip()
        if search:
            words = search.lower().split()
            rows = [r for r in rows if all(w in f"{r.customer} {r.number}".lower() for w in words)]
        return render(
            request,
            "logistics/depot/point.html",
            {
                "point": point,
                "day": day,
                "rows": rows,
                "search": search,
                "modes": PickupPayment.Mode.choices,
                "membership_modes": [
                    (mode, label)
                    for mode, label in Membership.Mode.choices
                    if mode != Membership.Mode.ONLINE
                ],
                "membership_year": day.year,  # the distribution's, as on the list
                "collected": sum(1 for r in rows if r.collected),
                "form_uuid": uuid.uuid4,
            },
        )


@depot_keeper_required
def pickup_pdf(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_point_for(request.user, point_id)
    with timezone.override(request.tenant.zone):
        day = as_date(request.GET.get("date")) or timezone.localdate()
        order = _orders_at(point, day).select_related("cycle").first()
        if order is None:
            messages.info(request, _("No orders at this point on that day."))
            return redirect("depot:point", point.pk)
        return file_response(
            DOCUMENTS["pickup"], "pdf", cycle=order.cycle, scope=Scope(point=point, on=day)
        )


@depot_keeper_required
@require_POST
def action(request: HttpRequest, point_id: int, order_id: int) -> HttpResponse:
    """One action posted by the page's form (without JavaScript)."""
    point = get_point_for(request.user, point_id)
    order = get_order_at_point_for(request.user, point, order_id)
    try:
        result = _apply(request.user, order, request.POST)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.created:
            messages.success(request, _("Recorded for %(number)s.") % {"number": order.number})
    url = reverse("depot:point", args=[point.pk])
    day = request.POST.get("date")
    return HttpResponseRedirect(f"{url}?date={day}#order-{order.pk}" if day else url)


@depot_keeper_required
@require_POST
def sync(request: HttpRequest, point_id: int) -> JsonResponse:
    """Actions queued on the phone: `{"actions": [{uuid, order, kind, …}]}`.

    Answers one result per action: "ok" (recorded now), "duplicate" (recorded
    before: drop it from the queue), or "error" with a message (it will not
    succeed on retry either). Only a failed request is to be retried.
    """
    point = get_point_for(request.user, point_id)
    try:
        payload = json.loads(request.body or b"{}")
        actions = payload["actions"]
        if not isinstance(actions, list) or len(actions) > MAX_ACTIONS:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "bad request"}, status=400)
    orders = {
        o.pk: o
        for o in Order.objects.filter(
            pickup_point=point,
            pk__in=[
                a.get("order")
                for a in actions
                if isinstance(a, dict) and isinstance(a.get("order"), int)
            ],
        ).select_related("cycle")
    }
    results = []
    for item in actions:
        item = item if isinstance(item, dict) else {}
        order = orders.get(item.get("order"))
        key = str(item.get("uuid", ""))
        if order is None:
            results.append({"uuid": key, "status": "error", "message": _("Unknown order.")})
            continue
        try:
            result = _apply(request.user, order, item)
        except ValidationError as error:
            results.append({"uuid": key, "status": "error", "message": " ".join(error.messages)})
        else:
            results.append({"uuid": key, "status": "ok" if result.created else "duplicate"})
    return JsonResponse({"results": results})


@depot_keeper_required
def order_scan(request: HttpRequest, number: str) -> HttpResponse:
    """Where an order's QR code leads: its line on the point's page, that day."""
    order = get_order_by_number_for(request.user, number)
    url = reverse("depot:point", args=[order.pickup_point_id])
    return HttpResponseRedirect(f"{url}?date={order.distribution.date:%Y-%m-%d}#order-{order.pk}")


def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /depot/ so that it may control every depot page."""
    response = HttpResponse(
        (STATIC / "sw.js").read_bytes(), content_type="application/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request: HttpRequest) -> JsonResponse:
    from django.templatetags.static import static

    name = getattr(request.tenant, "name", "Groupage")
    return JsonResponse(
        {
            "name": _("%(collective)s — pickup point") % {"collective": name},
            "short_name": _("Pickup"),
            "start_url": reverse("depot:home"),
            "scope": reverse("depot:home"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#2f6b3a",
            "icons": [
                {"src": static("logistics/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("logistics/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _orders_at(point, day):
    return live_orders_at(point).filter(distribution__date=day)


def live_orders_at(point):
    return Order.objects.filter(
        pickup_point=point, status__in=(Order.Status.PLACED, Order.Status.COLLECTED)
    )


def _apply(user, order: Order, data) -> handover.Recorded:
    """One action, whatever brought it (form or JSON)."""
    kind = data.get("kind")
    at = _moment(data.get("at"))
    common = {"order": order, "by": user, "client_uuid": data.get("uuid"), "at": at}
    if kind == "collected":
        return handover.order_mark_collected(**common, collected=True)
    if kind == "undo":
        return handover.order_mark_collected(**common, collected=False)
    if kind == "payment":
        return handover.pickup_payment_record(
            **common, mode=str(data.get("mode", "")), amount=data.get("amount", "")
        )
    if kind == "remark":
        return handover.handover_remark_add(**common, remark=str(data.get("remark", "")))
    if kind == "membership":  # the customer's yearly membership, promised at pickup
        try:
            created = memberships.membership_record_at_pickup(
                user=order.customer,
                distribution=order.distribution,
                year=_year(data.get("year")),
                mode=str(data.get("mode", "")),
                by=user,
            )
        except PaymentRefused as refused:
            raise ValidationError(refused.message) from refused
        return handover.Recorded(created, order)
    raise ValidationError(_("Unknown action."))


def _year(value) -> int | None:
    """The membership year the page showed (a tap queued on 31 December counts for
    that year); None when absent or unreadable: this year."""
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _moment(value):
    """When the phone says it happened; ignored when unreadable."""
    try:
        return parse_datetime(str(value)) if value else None
    except ValueError:
        return None
