"""A producer's own logistics, in their space: lists, weights, shortages.

Admins use the same pages for any producer (`?producer=<id>`), as in the
rest of the producer space.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import producer_required
from shop.catalogue.models import Producer
from shop.cycles.models import OfferItem
from shop.logistics import adjustments, selectors
from shop.logistics.access import as_id, get_cycle
from shop.logistics.documents.registry import DOCUMENTS, Scope
from shop.logistics.forms import numbers_from
from shop.logistics.views.common import document_or_404, file_response
from shop.producer_space.access import is_admin, space_producer, space_query

PRODUCER_DOCUMENTS = [d for d in DOCUMENTS.values() if d.producers]


def _render(request, template: str, producer: Producer, context: dict) -> HttpResponse:
    return render(
        request,
        f"logistics/producer/{template}",
        {
            "producer": producer,
            "space_query": space_query(request, producer),
            "acting_as_admin": is_admin(request.user),
            **context,
        },
    )


def _back(request, producer: Producer, cycle_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("producer_space:logistics:cycle", args=[cycle_id]) + space_query(request, producer)
    )


@producer_required
def home(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    with timezone.override(request.tenant.zone):
        page = selectors.cycles_for_documents(request.GET.get("page"))
        return _render(request, "home.html", producer, {"page": page})


@producer_required
def cycle_page(request: HttpRequest, cycle_id: int) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    cycle = get_cycle(cycle_id)
    with timezone.override(request.tenant.zone):
        return _render(
            request,
            "cycle.html",
            producer,
            {
                "cycle": cycle,
                "documents": PRODUCER_DOCUMENTS,
                **selectors.adjustments_page(cycle, producer=producer),
            },
        )


@producer_required
def document(request: HttpRequest, cycle_id: int, slug: str, fmt: str) -> HttpResponse:
    producer = space_producer(request)
    doc = document_or_404(slug, fmt)
    if producer is None or not doc.producers:
        raise Http404
    cycle = get_cycle(cycle_id)
    with timezone.override(request.tenant.zone):
        return file_response(doc, fmt, cycle=cycle, scope=Scope(producer=producer))


@producer_required
@require_POST
def weights(request: HttpRequest, cycle_id: int) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        raise Http404
    cycle = get_cycle(cycle_id)
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
    return _back(request, producer, cycle.pk)


@producer_required
@require_POST
def shortage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        raise Http404
    cycle = get_cycle(cycle_id)
    item = get_object_or_404(
        OfferItem,
        pk=as_id(request.POST.get("offer_item")),
        cycle=cycle,
        variant__product__producer=producer,
    )
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
    return _back(request, producer, cycle.pk)
