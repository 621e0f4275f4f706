"""Routing a request to its collective by host name, and guarding its status."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name, get_tenant_model

from tenants.models import Collective


class CollectiveRoutingMiddleware(TenantMainMiddleware):
    """`<slug>.<PLATFORM_DOMAIN>` and custom domains go to their collective.

    The apex domain (and www.) serves the platform's public site; any other
    unknown host gets a "no such collective" page with status 404.
    """

    def get_tenant(self, domain_model, hostname):
        if hostname == settings.PLATFORM_DOMAIN:
            return get_tenant_model()(
                schema_name=get_public_schema_name(), name=settings.PLATFORM_NAME
            )
        return super().get_tenant(domain_model, hostname)

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        return render(
            request,
            "tenants/no_such_collective.html",
            {"hostname": hostname, "platform_url": platform_url()},
            status=404,
        )


def platform_url(path: str = "/") -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}{port}{path}"


# Paths that stay reachable while a collective is suspended, so that its
# admins can sign in and settle what is needed.
SUSPENDED_OPEN_PREFIXES = ("/accounts/", "/gestion/", "/static/", "/healthz")


class CollectiveStatusMiddleware:
    """Suspended collectives show a maintenance page (503) to everyone but their admins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        collective = getattr(request, "tenant", None)
        if collective is None or collective.schema_name == get_public_schema_name():
            return self.get_response(request)
        if collective.status == Collective.Status.ACTIVE:
            return self.get_response(request)
        if collective.status == Collective.Status.SUSPENDED:
            user = getattr(request, "user", None)
            is_admin = bool(user and user.is_authenticated and user.is_collective_admin)
            if is_admin or request.path.startswith(SUSPENDED_OPEN_PREFIXES):
                return self.get_response(request)
        template = {
            Collective.Status.SUSPENDED: "tenants/suspended.html",
            Collective.Status.PROVISIONING: "tenants/provisioning.html",
            Collective.Status.CLOSED: "tenants/closed.html",
        }[collective.status]
        status = 410 if collective.status == Collective.Status.CLOSED else 503
        response = render(request, template, {"collective": collective}, status=status)
        if status == 503:
            response["Retry-After"] = "3600"
        return response


class CollectiveTimeZoneMiddleware:
    """Dates and times show in the collective's own time zone (Europe/Paris by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import timezone

        collective = getattr(request, "tenant", None)
        if collective is not None and collective.schema_name != get_public_schema_name():
            timezone.activate(collective.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
