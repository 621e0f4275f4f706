"""Recording what the provider's staff (or the platform) did to a collective."""

from maintenance.models import AuditEntry
from tenants.models import Collective


def audit(
    *, actor: str, action: str, collective: Collective | None = None, reason: str = "", **detail
) -> AuditEntry:
    """One entry per action; the collective's admins read those about their collective."""
    if collective is not None:
        detail.setdefault("slug", collective.slug)
    return AuditEntry.objects.create(
        collective=collective, actor=actor, action=action, reason=reason, detail=detail
    )
