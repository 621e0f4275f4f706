"""“What's new” notes for collectives' admins."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance.audit import audit
from maintenance.features import features_for
from maintenance.models import Announcement, FeatureFlag
from tenants.models import Collective


def announcements_for(collective: Collective, *, limit: int = 5) -> list[Announcement]:
    """Current notes; those tied to a feature only where the feature is on."""
    now = timezone.now()
    notes = list(
        Announcement.objects.filter(published_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("feature")[: limit * 3]
    )
    if any(n.feature_id for n in notes):
        enabled = features_for(collective)
        notes = [n for n in notes if not n.feature_id or enabled.get(n.feature.key)]
    return notes[:limit]


def announcement_publish(
    *, title: str, body: str, by: str, feature_key: str = "", published_at=None, ends_at=None
) -> Announcement:
    if not title.strip() or not body.strip():
        raise ValidationError(_("Give the note a title and a text."))
    feature = None
    if feature_key:
        feature = FeatureFlag.objects.filter(key=feature_key).first()
        if feature is None:
            raise ValidationError({"feature": _("No such feature.")})
    published_at = published_at or timezone.now()
    if ends_at is not None and ends_at <= published_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    note = Announcement.objects.create(
        title=title.strip(),
        body=body.strip(),
        feature=feature,
        published_at=published_at,
        ends_at=ends_at,
        created_by=by,
    )
    audit(actor=by, action="announcement", title=note.title)
    return note


def announcement_withdraw(*, announcement: Announcement, by: str) -> None:
    Announcement.objects.filter(pk=announcement.pk).update(ends_at=timezone.now())
    audit(actor=by, action="announcement_withdrawn", title=announcement.title)
