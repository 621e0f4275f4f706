"""Staff entering a collective's back-office as an admin, for support.

Only with a written reason, for a limited time, recorded in the audit log
that the collective's admins read. Staff get a dedicated admin account in
the collective (one per staff member, flagged by its address, no password),
active only while one of their grants lasts; their session ends with the
grant (session expiry), and ending or outliving the grant deactivates the
account.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from groupage.accounts.models import Role, User
from maintenance.audit import audit
from maintenance.models import SupportGrant
from public_site.handoff import handoff_issue
from public_site.models import LoginHandoff
from tenants.models import Collective

MIN_REASON = 10
MINUTES = (5, 240)


def support_email(staff: User) -> str:
    return f"support-{staff.pk}@support.{settings.PLATFORM_DOMAIN}"


def is_support_user(user) -> bool:
    return bool(getattr(user, "email", "").endswith(f"@support.{settings.PLATFORM_DOMAIN}"))


def support_grant_open(
    *, staff: User, collective: Collective, reason: str, minutes: int = 60
) -> tuple[SupportGrant, str]:
    """Open a grant and return it with the one-time link into the collective's back-office."""
    reason = reason.strip()
    errors = {}
    if len(reason) < MIN_REASON:
        errors["reason"] = [_("Write why you need to enter (at least a few words).")]
    if not MINUTES[0] <= minutes <= MINUTES[1]:
        errors["minutes"] = [
            _("Between %(low)s and %(high)s minutes.") % {"low": MINUTES[0], "high": MINUTES[1]}
        ]
    if collective.status not in (Collective.Status.ACTIVE, Collective.Status.SUSPENDED):
        errors["collective"] = [_("This collective cannot be entered in its current state.")]
    if not staff.is_staff:
        errors["staff"] = [_("Only the provider's staff may enter a collective.")]
    if errors:
        raise ValidationError(errors)
    expires_at = timezone.now() + timedelta(minutes=minutes)
    with transaction.atomic():
        grant = SupportGrant.objects.create(
            staff=staff,
            staff_email=staff.email,
            collective=collective,
            reason=reason,
            expires_at=expires_at,
        )
        grant.support_user_id = _activate_support_user(collective, staff)
        grant.save(update_fields=["support_user_id"])
        audit(
            actor=staff.email,
            action="support_access",
            collective=collective,
            reason=reason,
            minutes=minutes,
            grant=grant.pk,
        )
        url = handoff_issue(
            collective=collective,
            user_id=grant.support_user_id,
            purpose=LoginHandoff.Purpose.SUPPORT,
            next_path="/gestion/",
            session_expires_at=expires_at,
            support_grant_id=grant.pk,
        )
    return grant, url


def support_grant_end(*, grant: SupportGrant, by: str) -> None:
    """End a grant now; the support account is deactivated unless another grant lasts."""
    with transaction.atomic():
        updated = SupportGrant.objects.filter(pk=grant.pk, ended_at=None).update(
            ended_at=timezone.now()
        )
        if updated:
            _deactivate_if_idle(grant)
            audit(
                actor=by, action="support_access_ended", collective=grant.collective, grant=grant.pk
            )


def support_grants_expire() -> int:
    """Close grants whose time is up (a recurring task); returns how many."""
    now = timezone.now()
    expired = list(
        SupportGrant.objects.filter(ended_at=None, expires_at__lte=now).select_related("collective")
    )
    for grant in expired:
        with transaction.atomic():
            SupportGrant.objects.filter(pk=grant.pk).update(ended_at=grant.expires_at)
            _deactivate_if_idle(grant)
    return len(expired)


def _activate_support_user(collective: Collective, staff: User) -> int:
    email = support_email(staff)
    with tenant_context(collective):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, role=Role.ADMIN)
            user.set_unusable_password()
        user.first_name = _("Support")
        user.last_name = f"Groupage ({staff.get_full_name() or staff.email})"
        user.role = Role.ADMIN
        user.is_active = True
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    connection.set_schema_to_public()
    return user.pk


def _deactivate_if_idle(grant: SupportGrant) -> None:
    still_live = SupportGrant.objects.filter(
        collective_id=grant.collective_id,
        staff_id=grant.staff_id,
        ended_at=None,
        expires_at__gt=timezone.now(),
    ).exclude(pk=grant.pk)
    if still_live.exists():
        return
    with tenant_context(grant.collective):
        User.objects.filter(pk=grant.support_user_id).update(is_active=False)
    connection.set_schema_to_public()
