"""Per-collective operations by the provider's staff, each one audited.

Closing starts a grace period of GRACE_DAYS: the collective's pages say it is
closed, its data stays, staff may reopen it. After the grace period a
recurring task deletes it, after a last export kept in the exports folder.
"""

import logging
import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.audit import audit
from maintenance.models import Ring, RolloutRing
from tenants.models import Collective
from tenants.services import collective_reactivate, collective_suspend

logger = logging.getLogger(__name__)

GRACE_DAYS = 30


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: it is kept in the audit log.")})
    return reason


def collective_suspend_by_staff(*, collective: Collective, by: str, reason: str) -> Collective:
    """Consumers see a maintenance page; the collective's admins can still sign in."""
    reason = _require_reason(reason)
    if collective.status != Collective.Status.ACTIVE:
        raise ValidationError(_("Only an active collective can be suspended."))
    with transaction.atomic():
        collective_suspend(collective=collective)
        audit(actor=by, action="suspend", collective=collective, reason=reason)
    return collective


def collective_reactivate_by_staff(
    *, collective: Collective, by: str, reason: str = ""
) -> Collective:
    """Back to active, from suspended or from closed within the grace period."""
    if collective.status not in (Collective.Status.SUSPENDED, Collective.Status.CLOSED):
        raise ValidationError(_("This collective is not suspended nor closed."))
    with transaction.atomic():
        collective_reactivate(collective=collective)
        audit(actor=by, action="reactivate", collective=collective, reason=reason.strip())
    return collective


def collective_close(*, collective: Collective, by: str, reason: str) -> Collective:
    """Close now; deletion follows after the grace period unless reopened."""
    reason = _require_reason(reason)
    if collective.status == Collective.Status.CLOSED:
        raise ValidationError(_("This collective is already closed."))
    now = timezone.now()
    with transaction.atomic():
        Collective.objects.filter(pk=collective.pk).update(
            status=Collective.Status.CLOSED, status_changed_at=now
        )
        collective.status, collective.status_changed_at = Collective.Status.CLOSED, now
        audit(
            actor=by,
            action="close",
            collective=collective,
            reason=reason,
            delete_after=deletion_date(collective).isoformat(),
        )
    return collective


def deletion_date(collective: Collective):
    return collective.status_changed_at + timedelta(days=GRACE_DAYS)


def collectives_purge_closed(*, by: str = "platform") -> list[str]:
    """Delete collectives closed for longer than the grace period; returns their slugs."""
    limit = timezone.now() - timedelta(days=GRACE_DAYS)
    deleted = []
    for collective in Collective.objects.filter(
        status=Collective.Status.CLOSED, status_changed_at__lte=limit
    ).exclude(schema_name="public"):
        try:
            collective_delete(collective=collective, by=by, reason=_("Grace period over."))
        except ValidationError:
            logger.exception("Closed collective %s could not be deleted", collective.slug)
        else:
            deleted.append(collective.slug)
    return deleted


def collective_delete(*, collective: Collective, by: str, reason: str, export: bool = True) -> None:
    """Delete a closed collective for good: rows, schema and media, after a last export."""
    if collective.status != Collective.Status.CLOSED:
        raise ValidationError(_("Close the collective first: deletion follows its grace period."))
    if export:
        from maintenance.exports import collective_export

        collective_export(collective=collective, by=by, reason="before deletion")
    slug, schema = collective.slug, collective.schema_name
    try:
        with transaction.atomic():
            audit(actor=by, action="delete", collective=None, reason=reason, slug=slug)
            Collective.objects.filter(pk=collective.pk).delete()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    except ProtectedError as error:
        audit(actor=by, action="delete_blocked", collective=collective, reason=str(error))
        raise ValidationError(
            _("Records that must be kept (such as invoices) still point to this collective.")
        ) from None
    shutil.rmtree(media_folder(schema), ignore_errors=True)
    logger.info("Collective %s deleted by %s", slug, by)


def media_folder(schema_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema_name


def collective_set_ring(*, collective: Collective, ring: int, by: str) -> None:
    if ring not in Ring.values:
        raise ValidationError({"ring": _("Unknown ring.")})
    with transaction.atomic():
        RolloutRing.objects.update_or_create(collective=collective, defaults={"ring": ring})
        audit(actor=by, action="ring", collective=collective, ring=ring)
