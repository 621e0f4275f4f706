"""The weekly offer: one table, one POST, a few bulk actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.access import producer_required
from shop.cycles import offer as offer_services
from shop.cycles.models import OrderCycle
from shop.cycles.offer_selectors import (
    offer_cycle_is_open_for_changes,
    offer_cycle_points,
    offer_cycles_open_for_changes,
    offer_previous_cycle_for_producer,
    offer_rows_for_producer,
)
from shop.producer_space.access import space_producer
from shop.producer_space.forms.offer import OfferForm
from shop.producer_space.views.common import redirect_space, render_space, report

BULK_ACTIONS = {
    "copy_previous": offer_services.offer_copy_previous,
    "add_all_unlimited": offer_services.offer_add_all_unlimited,
    "withdraw_all": offer_services.offer_withdraw_all,
}


@producer_required
def offer_start(request: HttpRequest) -> HttpResponse:
    """The offer of the soonest cycle still open for changes."""
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    cycle = offer_cycles_open_for_changes().first()
    if cycle is None:
        return render_space(request, "offer_none.html", producer)
    return redirect_space(request, producer, "producer_space:offer", cycle.pk)


@producer_required
def offer_edit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    cycle = get_object_or_404(OrderCycle, pk=cycle_id)
    points = offer_cycle_points(cycle=cycle)
    rows = offer_rows_for_producer(producer=producer, cycle=cycle)
    form = OfferForm(request.POST or None, rows=rows, points=points)
    action = request.POST.get("action", "save")
    if request.method == "POST" and (action in BULK_ACTIONS or form.is_valid()):
        try:
            if action in BULK_ACTIONS:
                summary = BULK_ACTIONS[action](producer=producer, cycle=cycle)
            else:
                summary = offer_services.offer_set_for_producer(
                    producer=producer, cycle=cycle, lines=form.lines()
                )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _summary_message(summary))
            return redirect_space(request, producer, "producer_space:offer", cycle.pk)
    elif request.method == "POST":
        messages.error(request, _("Some quantities are not valid; see the marked rows."))
    return render_space(
        request,
        "offer.html",
        producer,
        {
            "cycle": cycle,
            "cycles": offer_cycles_open_for_changes(),
            "editable": offer_cycle_is_open_for_changes(cycle),
            "points": points,
            "form": form,
            "table": form.table(),
            "previous": offer_previous_cycle_for_producer(producer=producer, cycle=cycle),
        },
    )


def _summary_message(summary) -> str:
    message = _("Offer saved: %(added)d added, %(changed)d changed, %(withdrawn)d withdrawn.") % {
        "added": summary.added,
        "changed": summary.changed,
        "withdrawn": summary.withdrawn,
    }
    if summary.kept_as_sold:
        message += " " + ngettext(
            "%(n)d already ordered stays on offer, closed to further orders (quantity = sold).",
            "%(n)d already ordered stay on offer, closed to further orders (quantity = sold).",
            summary.kept_as_sold,
        ) % {"n": summary.kept_as_sold}
    return message
