"""Addresses of the collective's own pages, for QR codes and e-mails sent from tasks."""

from django.conf import settings
from django.db import connection
from django.urls import reverse


def site_url(path: str = "/") -> str:
    """The current collective's address (its primary domain) followed by `path`."""
    tenant = getattr(connection, "tenant", None)
    domain = tenant.get_primary_domain() if tenant is not None else None
    host = domain.domain if domain is not None else settings.PLATFORM_DOMAIN
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


def order_scan_url(base: str, number: str) -> str:
    """What an order's QR code opens: its hand-over at the pickup point."""
    return base.rstrip("/") + reverse("depot:order_scan", args=[number])
