"""`/_tls/ask`: may the proxy get a certificate for this host name?

Caddy's on-demand TLS asks before it requests a certificate from the ACME
authority, so that a stranger pointing any name at our servers cannot make us
exhaust the authority's rate limits. Only names that lead to a collective say
yes: a custom domain of the Domain table, or `<slug>.<PLATFORM_DOMAIN>` for an
existing collective's slug.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tenants.models import Collective, Domain


def is_collective_host(host: str) -> bool:
    host = host.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        return False
    if Domain.objects.filter(domain=host).exists():
        return True
    slug, _, parent = host.partition(".")
    if parent != settings.PLATFORM_DOMAIN:
        return False
    return Collective.objects.filter(slug=slug).exists()


@never_cache
@require_GET
def ask(request: HttpRequest) -> HttpResponse:
    known = is_collective_host(request.GET.get("domain", ""))
    return HttpResponse(
        "yes" if known else "no", status=200 if known else 404, content_type="text/plain"
    )
