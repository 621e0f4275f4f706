"""The fleet: every collective at a glance, searchable."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maintenance.console.access import staff_required
from maintenance.console.forms import FleetFilterForm
from maintenance.fleet_migrations.detect import target_fingerprint
from maintenance.models import AuditEntry
from maintenance.selectors import FleetFilters, fleet_list

PAGE_SIZE = 50


@require_GET
@staff_required
def fleet(request: HttpRequest) -> HttpResponse:
    form = FleetFilterForm(request.GET or None)
    filters = FleetFilters(**form.cleaned_data) if form.is_valid() else FleetFilters()
    page = Paginator(fleet_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "console/fleet.html",
        {"form": form, "page": page, "query": query.urlencode(), "target": target_fingerprint()},
    )


@require_GET
@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("collective")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "console/audit.html", {"page": page})
