"""The collective's logistics in the back-office: documents, adjustments, rounds."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.catalogue.models import Producer
from shop.cycles.models import OfferItem
from shop.logistics import adjustments, selectors, tours
from shop.logistics.access import as_date, as_id, get_cycle
from shop.logistics.bundles import bundle_request
from shop.logistics.close import cycle_close
from shop.logistics.deliveries import delivery_location_set
from shop.logistics.documents.pdf import pdf_from_template
from shop.logistics.documents.registry import DOCUMENTS, Scope
from shop.logistics.forms import LogisticsSettingsForm, numbers_from
from shop.logistics.groupage_checks import groupage_record
from shop.logistics.models import DocumentsBundle, LogisticsSettings
from shop.logistics.reports.after_distribution import after_distribution
from shop.logistics.reports.common import header_for
from shop.logistics.reports.groupage import groupage_sheet
from shop.logistics.services import logistics_settings_update
from shop.logistics.views.common import document_or_404, file_response
from shop.orders.models import Order
from shop.pickup.models import PickupPoint

AFTER_DAYS = 28


def _in_zone(request):
    return timezone.override(request.tenant.zone)


@admin_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    with _in_zone(request):
        page = selectors.cycles_for_documents(request.GET.get("page"))
        return render(request, "logistics/backoffice/cycles.html", {"page": page})


@admin_required
def cycle_documents(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    with _in_zone(request):
        return render(
            request,
            "logistics/backoffice/cycle.html",
            {
                "cycle": cycle,
                "overview": selectors.cycle_overview(cycle),
                "documents": DOCUMENTS.values(),
                "settings": LogisticsSettings.load(),
                "due": cycle.closed_at is None and cycle.closes_at <= timezone.now(),
                "bundle": DocumentsBundle.objects.filter(cycle=cycle).first(),
            },
        )


@admin_required
@require_POST
def bundle(request: HttpRequest, cycle_id: int) -> HttpResponse:
    bundle_request(cycle=get_cycle(cycle_id))
    messages.success(request, _("Every document is being prepared in one ZIP file."))
    return redirect("backoffice:logistics:cycle", cycle_id)


@admin_required
def bundle_download(request: HttpRequest, cycle_id: int) -> FileResponse:
    found = DocumentsBundle.objects.filter(cycle=get_cycle(cycle_id)).first()
    if found is None or not found.file:
        raise Http404
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.file.name.rsplit("/", 1)[-1]
    )


@admin_required
def document(request: HttpRequest, cycle_id: int, slug: str, fmt: str) -> HttpResponse:
    doc = document_or_404(slug, fmt)
    cycle = get_cycle(cycle_id)
    producer_id = request.GET.get("producer")
    point_id = request.GET.get("point")
    scope = Scope(
        producer=get_object_or_404(Producer, pk=as_id(producer_id)) if producer_id else None,
        point=get_object_or_404(PickupPoint, pk=as_id(point_id)) if point_id else None,
        on=as_date(request.GET.get("date")),
    )
    with _in_zone(request):
        return file_response(doc, fmt, cycle=cycle, scope=scope)


@admin_required
@require_POST
def close(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    try:
        closed = cycle_close(cycle=cycle)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if closed:
            messages.success(request, _("The cycle is closed; producers are sent their lists."))
        else:
            messages.info(request, _("This cycle was already closed."))
    return redirect("backoffice:logistics:cycle", cycle.pk)


@admin_required
def groupage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    if request.method == "POST":
        producer = get_object_or_404(Producer, pk=as_id(request.POST.get("producer")))
        try:
            count = groupage_record(
                cycle=cycle,
                producer=producer,
                received=numbers_from(request.POST, "received-"),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(farm)s: %(count)d line checked.", "%(farm)s: %(count)d lines checked.", count
                )
                % {"farm": producer.farm_name, "count": count},
            )
        return redirect(
            reverse("backoffice:logistics:groupage", args=[cycle.pk]) + f"#producer-{producer.pk}"
        )
    return render(
        request,
        "logistics/backoffice/groupage.html",
        {"cycle": cycle, "sheets": groupage_sheet(cycle)},
    )


@admin_required
def adjust(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Weights and shortages of every producer (producers do theirs in their space)."""
    cycle = get_cycle(cycle_id)
    with _in_zone(request):
        return render(
            request,
            "logistics/backoffice/adjust.html",
            {"cycle": cycle, **selectors.adjustments_page(cycle)},
        )


@admin_required
@require_POST
def weights(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    producer = get_object_or_404(Producer, pk=as_id(request.POST.get("producer")))
    _record_weights(request, producer)
    return redirect("backoffice:logistics:adjust", cycle.pk)


@admin_required
@require_POST
def shortage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    item = get_object_or_404(OfferItem, pk=as_id(request.POST.get("offer_item")), cycle=cycle)
    _record_shortage(request, item)
    return redirect("backoffice:logistics:adjust", cycle.pk)


def _record_weights(request: HttpRequest, producer: Producer) -> None:
    try:
        count = adjustments.weights_record(
            weights=numbers_from(request.POST, "weight-"), producer=producer, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d weight recorded.", "%(count)d weights recorded.", count)
            % {"count": count},
        )


def _record_shortage(request: HttpRequest, item: OfferItem) -> None:
    try:
        record = adjustments.product_mark_short(
            offer_item=item,
            quantity_supplied=request.POST.get("supplied", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Shortage of %(product)s recorded; the customers concerned are told.")
            % {"product": record.product_name},
        )


@admin_required
def tour(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    return _round(request, cycle, lambda: tours.collection_tour(cycle), _("Collection tour"), "")


@admin_required
def delivery(request: HttpRequest, cycle_id: int, day: str) -> HttpResponse:
    cycle = get_cycle(cycle_id)
    on = as_date(day)
    return _round(
        request, cycle, lambda: tours.delivery_round(cycle, on=on), _("Delivery round"), on
    )


@admin_required
@require_POST
def delivery_place(request: HttpRequest, cycle_id: int, day: str) -> HttpResponse:
    """Put a home delivery on the map, from the delivery round's page."""
    cycle = get_cycle(cycle_id)
    order = get_object_or_404(
        Order.objects.select_related("pickup_point"),
        pk=as_id(request.POST.get("order")),
        cycle=cycle,
    )
    try:
        delivery_location_set(
            order=order,
            latitude=request.POST.get("latitude", ""),
            longitude=request.POST.get("longitude", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("backoffice:logistics:delivery", cycle.pk, day)


def _round(request, cycle, make, title, on) -> HttpResponse:
    try:
        found = make()
    except tours.NoCollectionPoint:
        messages.error(request, _("Give the collection point's coordinates first."))
        return redirect("backoffice:logistics:settings")
    context = {"cycle": cycle, "tour": found, "title": title, "on": on, "editable": True}
    with _in_zone(request):
        if request.GET.get("format") == "pdf":
            context.update(
                generated_at=timezone.localtime(), editable=False, header=header_for(cycle)
            )
            return HttpResponse(
                pdf_from_template("logistics/pdf/road_sheet.html", context),
                content_type="application/pdf",
            )
        return render(request, "logistics/backoffice/tour.html", context)


@admin_required
def after(request: HttpRequest) -> HttpResponse:
    with _in_zone(request):
        today = timezone.localdate()
        since = as_date(request.GET.get("since")) or today - timedelta(days=AFTER_DAYS)
        report = after_distribution(since=since, until=today)
        return render(
            request,
            "logistics/backoffice/after.html",
            {"report": report, "since": since, "today": today},
        )


@admin_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    current = LogisticsSettings.load()
    form = LogisticsSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        logistics_settings_update(details=form.cleaned_data, by=request.user)
        messages.success(request, _("Logistics settings saved."))
        return redirect("backoffice:logistics:settings")
    return render(request, "logistics/backoffice/settings.html", {"form": form})
