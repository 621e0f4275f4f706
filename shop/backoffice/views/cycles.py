from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.backoffice import selectors
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.forms.cycles import CycleForm, ScheduleForm
from shop.backoffice.views.common import in_collective_zone, page_of
from shop.cycles import schedules as schedule_services
from shop.cycles.models import CycleSchedule, OrderCycle
from shop.cycles.services import cycle_create, upcoming_deadlines

CLOSED_PAGE_SIZE = 20


@dataclass(frozen=True)
class CycleRow:
    """A cycle as the page shows it: its times in the collective's zone."""

    cycle: OrderCycle
    opens_at: datetime
    closes_at: datetime

    @classmethod
    def of(cls, cycle: OrderCycle, zone) -> "CycleRow":
        return cls(
            cycle,
            timezone.localtime(cycle.opens_at, zone),
            timezone.localtime(cycle.closes_at, zone),
        )


@admin_required
@in_collective_zone
def cycle_list(request: HttpRequest) -> HttpResponse:
    zone, now = request.tenant.zone, timezone.now()
    closed = page_of(request, selectors.cycles_closed(now=now), CLOSED_PAGE_SIZE)
    return render(
        request,
        "backoffice/cycles/list.html",
        {
            "open": [CycleRow.of(c, zone) for c in selectors.cycles_open(now=now)],
            "upcoming": [CycleRow.of(c, zone) for c in selectors.cycles_upcoming(now=now)],
            "closed": [CycleRow.of(c, zone) for c in closed],
            "closed_page": closed,
            "zone": zone,
        },
    )


@admin_required
@in_collective_zone
def cycle_create_view(request: HttpRequest) -> HttpResponse:
    zone, points = request.tenant.zone, list(selectors.active_pickup_points())
    if request.method != "POST":
        schedule = selectors.schedule_list().filter(active=True).first()
        form = CycleForm.suggested(points=points, zone=zone, now=timezone.now(), schedule=schedule)
    elif "recompute" in request.POST:
        form = CycleForm.recomputed(request.POST, points=points, zone=zone)
    else:
        form = CycleForm(request.POST, points=points, zone=zone)
        if form.is_valid():
            try:
                cycle = cycle_create(
                    name=form.cleaned_data["name"].strip(),
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    distributions=form.cleaned_data["distributions"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Cycle %(name)s was created.") % {"name": cycle.name})
                return redirect("backoffice:cycle_list")
    return render(request, "backoffice/cycles/form.html", {"form": form, "zone": zone})


@admin_required
@in_collective_zone
def schedule_list(request: HttpRequest) -> HttpResponse:
    zone, now = request.tenant.zone, timezone.now()
    rows = [
        (schedule, upcoming_deadlines(schedule, zone=zone, now=now))
        for schedule in selectors.schedule_list()
    ]
    return render(request, "backoffice/cycles/schedules.html", {"rows": rows, "zone": zone})


@admin_required
def schedule_create(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = schedule_services.schedule_create(details=form.details(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Schedule %(name)s was added. Create its coming cycles when you are ready.")
                % {"name": schedule.name},
            )
            return redirect("backoffice:schedule_list")
    return render(
        request, "backoffice/cycles/schedule_form.html", {"form": form, "zone": request.tenant.zone}
    )


@admin_required
def schedule_edit(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = get_object_or_404(CycleSchedule, pk=schedule_id)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = schedule_services.schedule_update(
                schedule=schedule, details=form.details(), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Schedule %(name)s was saved.") % {"name": schedule.name})
            return redirect("backoffice:schedule_list")
    return render(
        request,
        "backoffice/cycles/schedule_form.html",
        {"form": form, "schedule": schedule, "zone": request.tenant.zone},
    )


@admin_required
@require_POST
def schedule_delete(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = get_object_or_404(CycleSchedule, pk=schedule_id)
    try:
        schedule_services.schedule_delete(schedule=schedule, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:schedule_edit", schedule.pk)
    messages.success(request, _("Schedule %(name)s was deleted.") % {"name": schedule.name})
    return redirect("backoffice:schedule_list")


@admin_required
@require_POST
def schedule_create_cycles(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = get_object_or_404(CycleSchedule, pk=schedule_id)
    try:
        created = schedule_services.schedule_create_coming_cycles(
            schedule=schedule, zone=request.tenant.zone, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:schedule_list")
    if created:
        messages.success(
            request,
            ngettext("%(count)d cycle was created.", "%(count)d cycles were created.", len(created))
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("Nothing to create: the coming cycles already exist."))
    return redirect("backoffice:cycle_list")
