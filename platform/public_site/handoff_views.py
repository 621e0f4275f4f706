"""Redeeming a one-time sign-in on the collective's own host."""

import logging

from allauth.account.models import EmailAddress
from django.contrib.auth import login
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from groupage.accounts.models import User
from public_site.handoff import HandoffRefused, handoff_redeem
from public_site.models import LoginHandoff

logger = logging.getLogger(__name__)


@never_cache
def handoff_enter(request: HttpRequest, token: str) -> HttpResponse:
    try:
        handoff = handoff_redeem(token=token, schema_name=connection.schema_name)
        user = User.objects.filter(pk=handoff.user_id, is_active=True).first()
        if user is None or not _still_allowed(handoff):
            raise HandoffRefused
    except HandoffRefused:
        return render(request, "public_site/handoff_refused.html", status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if handoff.session_expires_at is not None:
        request.session.set_expiry(handoff.session_expires_at)
    if handoff.support_grant_id is not None:
        request.session["support_grant_id"] = handoff.support_grant_id
    if handoff.purpose == LoginHandoff.Purpose.SIGN_UP:
        _send_verification(request, user)
    logger.info("%s handoff redeemed by user %s", handoff.purpose, user.pk)
    return redirect(handoff.next_path)


def _still_allowed(handoff: LoginHandoff) -> bool:
    if handoff.purpose != LoginHandoff.Purpose.SUPPORT:
        return True
    from maintenance.models import SupportGrant

    grant = SupportGrant.objects.filter(pk=handoff.support_grant_id).first()
    return grant is not None and grant.is_live(timezone.now())


def _send_verification(request: HttpRequest, user: User) -> None:
    """The founder's address is confirmed from here, with links to this collective's host."""
    address = EmailAddress.objects.filter(user=user, primary=True, verified=False).first()
    if address is not None:
        address.send_confirmation(request, signup=True)
