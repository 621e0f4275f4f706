"""One-time sign-ins into a collective's site, handed over from another host.

Sessions live on one host (cookies do not cross subdomains): the apex, after
a sign-up, or the staff console, for support, records a `LoginHandoff` and
gives a signed token naming it. The collective's site redeems it once, within
a minute, only for the schema it was issued for.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from public_site.models import LoginHandoff
from tenants.models import Collective
from tenants.selectors import primary_domain_of

SALT = "groupage.public_site.handoff"
# How long a link stays valid (seconds).
LIFETIME = 60


class HandoffRefused(Exception):
    """Expired, already used, forged, or for another collective."""


def handoff_issue(
    *,
    collective: Collective,
    user_id: int,
    purpose: str,
    next_path: str = "/",
    session_expires_at: datetime | None = None,
    support_grant_id: int | None = None,
) -> str:
    """Record a one-time sign-in and return the link that redeems it."""
    nonce = secrets.token_urlsafe(32)
    LoginHandoff.objects.create(
        nonce=nonce,
        schema_name=collective.schema_name,
        user_id=user_id,
        purpose=purpose,
        next_path=next_path,
        session_expires_at=session_expires_at,
        support_grant_id=support_grant_id,
        expires_at=timezone.now() + timedelta(seconds=LIFETIME),
    )
    token = signing.dumps({"n": nonce, "s": collective.schema_name}, salt=SALT, compress=True)
    path = reverse("handoff_enter", args=[token], urlconf=settings.ROOT_URLCONF)
    return collective_url(collective, path)


def handoff_redeem(*, token: str, schema_name: str) -> LoginHandoff:
    """The handoff behind `token`, marked used; refused unless fresh, unused and ours."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.BadSignature:  # includes SignatureExpired
        raise HandoffRefused from None
    if data.get("s") != schema_name:
        raise HandoffRefused
    now = timezone.now()
    used = LoginHandoff.objects.filter(
        nonce=data.get("n"), schema_name=schema_name, used_at=None, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        raise HandoffRefused
    return LoginHandoff.objects.get(nonce=data["n"])


def collective_url(collective: Collective, path: str = "/") -> str:
    host = primary_domain_of(collective) or f"{collective.slug}.{settings.PLATFORM_DOMAIN}"
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"
