"""What every back-office view shares."""

from functools import wraps

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils import timezone

PAGE_SIZE = 50


def in_collective_zone(view):
    """Dates and times on the page are shown in the collective's time zone."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        with timezone.override(request.tenant.zone):
            return view(request, *args, **kwargs)

    return wrapper


def site_url(request: HttpRequest) -> str:
    """The collective's address as the admin reaches it, to start links we e-mail."""
    return request.build_absolute_uri("/")


def page_of(request: HttpRequest, rows, size: int = PAGE_SIZE) -> Page:
    return Paginator(rows, size).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters, to keep them when moving between pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
