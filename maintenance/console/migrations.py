"""Fleet migrations from the console: start one, follow its progress."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maintenance.console.access import actor, staff_required
from maintenance.fleet_migrations import FleetBusy
from maintenance.fleet_migrations.detect import behind_collectives
from maintenance.models import FleetMigrationItem, FleetMigrationRun
from maintenance.tasks import run_fleet_migration


def _with_counts(runs):
    counts = {
        status: Count("items", filter=Q(items__status=status))
        for status in FleetMigrationItem.Status.values
    }
    return runs.annotate(**counts)


@require_GET
@staff_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = _with_counts(FleetMigrationRun.objects.all())[:30]
    return render(
        request,
        "console/migrations.html",
        {"runs": runs, "behind": behind_collectives().count()},
    )


@require_POST
@staff_required
def run_start(request: HttpRequest) -> HttpResponse:
    try:
        run_fleet_migration.delay(actor(request))
    except FleetBusy:
        messages.error(request, _("A fleet migration is already running."))
    else:
        messages.success(request, _("The fleet migration has started."))
    return redirect("console:migrations")


@require_GET
@staff_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(_with_counts(FleetMigrationRun.objects.all()), pk=run_id)
    items = run.items.exclude(status=FleetMigrationItem.Status.DONE).order_by("status", "ring")[
        :200
    ]
    template = "console/_run.html" if request.htmx else "console/run.html"
    return render(request, template, {"run": run, "items": items})
