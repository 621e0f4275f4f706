"""The collective's figures: the admin's dashboard and each producer's own."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shop.access import admin_required, producer_required
from shop.backoffice.views.common import in_collective_zone
from shop.dashboard import tables
from shop.dashboard.csv_export import csv_response
from shop.dashboard.figures import DEFAULT_WEEKS, PERIOD_CHOICES, Period
from shop.producer_space.access import is_admin, space_producer


def _period(request: HttpRequest) -> tuple[int, Period]:
    try:
        weeks = int(request.GET.get("semaines", DEFAULT_WEEKS))
    except ValueError:
        weeks = DEFAULT_WEEKS
    if weeks not in PERIOD_CHOICES:
        weeks = DEFAULT_WEEKS
    return weeks, Period.of_weeks(weeks, today=timezone.localdate())


@admin_required
@in_collective_zone
def collective_dashboard(request: HttpRequest) -> HttpResponse:
    weeks, period = _period(request)
    context = tables.collective_figures(period, request.tenant.zone)
    return render(
        request,
        "dashboard/collective.html",
        {**context, "period": period, "weeks_shown": weeks, "choices": PERIOD_CHOICES},
    )


@admin_required
@in_collective_zone
def collective_csv(request: HttpRequest, table: str) -> HttpResponse:
    build = tables.COLLECTIVE_TABLES.get(table)
    if build is None:
        raise Http404
    weeks, period = _period(request)
    header, rows = build(period, request.tenant.zone)
    return csv_response(f"{table}-{period.start:%Y-%m-%d}-{weeks}-semaines.csv", header, rows)


@producer_required
@in_collective_zone
def producer_dashboard(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:  # an admin who has not chosen whose figures to see
        return redirect("producer_space:home")
    weeks, period = _period(request)
    acting_as_admin = is_admin(request.user)
    query = f"producer={producer.pk}&" if acting_as_admin else ""
    return render(
        request,
        "dashboard/producer.html",
        {
            **tables.producer_figures(period, producer),
            "producer": producer,
            "acting_as_admin": acting_as_admin,
            "space_query": f"?producer={producer.pk}" if acting_as_admin else "",
            "producer_query": query,
            "period": period,
            "weeks_shown": weeks,
            "choices": PERIOD_CHOICES,
        },
    )


@producer_required
@in_collective_zone
def producer_csv(request: HttpRequest, table: str) -> HttpResponse:
    build = tables.PRODUCER_TABLES.get(table)
    if build is None:
        raise Http404
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    _weeks, period = _period(request)
    header, rows = build(period, producer)
    return csv_response(f"{table}-{producer.slug}-{period.start:%Y-%m-%d}.csv", header, rows)
