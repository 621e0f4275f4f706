"""Features behind flags, rolled out ring by ring, overridden per collective.

A collective sees a feature when an override for it says so (staff's
decision, or its admins' beta opt-in), else when its ring is within the
flag's rollout (canary → early → everyone). Unknown flags are off.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from maintenance.audit import audit
from maintenance.models import FeatureFlag, FeatureOverride, Ring, RolloutRing
from tenants.models import Collective


def ring_of(collective: Collective) -> int:
    ring = RolloutRing.objects.filter(collective=collective).values_list("ring", flat=True).first()
    return Ring.ALL if ring is None else ring


def feature_enabled(collective: Collective, key: str) -> bool:
    """One query: the flag, this collective's override and its ring."""
    row = (
        FeatureFlag.objects.filter(key=key)
        .annotate(
            override=Subquery(
                FeatureOverride.objects.filter(flag=OuterRef("pk"), collective=collective).values(
                    "enabled"
                )[:1]
            ),
            ring=Subquery(RolloutRing.objects.filter(collective=collective).values("ring")[:1]),
        )
        .values("rollout", "override", "ring")
        .first()
    )
    if row is None:
        return False
    if row["override"] is not None:
        return row["override"]
    ring = Ring.ALL if row["ring"] is None else row["ring"]
    return ring <= row["rollout"]


def features_for(collective: Collective) -> dict[str, bool]:
    """Every flag's state for one collective (two queries), for pages that show several."""
    ring = ring_of(collective)
    overrides = dict(
        FeatureOverride.objects.filter(collective=collective).values_list("flag__key", "enabled")
    )
    return {
        key: overrides.get(key, ring <= rollout)
        for key, rollout in FeatureFlag.objects.values_list("key", "rollout")
    }


def feature_set_rollout(
    *, key: str, rollout: int, description: str = "", beta_opt_in: bool = False, by: str
) -> FeatureFlag:
    if rollout not in FeatureFlag.Rollout.values:
        raise ValidationError({"rollout": _("Unknown rollout level.")})
    with transaction.atomic():
        flag, _created = FeatureFlag.objects.update_or_create(
            key=key,
            defaults={"rollout": rollout, "description": description, "beta_opt_in": beta_opt_in},
        )
        audit(actor=by, action="feature_rollout", key=key, rollout=rollout)
    return flag


def feature_override_set(
    *, key: str, collective: Collective, enabled: bool | None, by: str
) -> None:
    """Staff turn a feature on or off for one collective; None goes back to the rollout."""
    flag = FeatureFlag.objects.get(key=key)
    with transaction.atomic():
        if enabled is None:
            FeatureOverride.objects.filter(flag=flag, collective=collective).delete()
        else:
            FeatureOverride.objects.update_or_create(
                flag=flag,
                collective=collective,
                defaults={"enabled": enabled, "source": FeatureOverride.Source.STAFF, "by": by},
            )
        audit(actor=by, action="feature_override", collective=collective, key=key, enabled=enabled)


def beta_features_for(collective: Collective) -> list[dict]:
    """Flags offered as betas, with whether this collective has them and may change that."""
    overrides = {o.flag_id: o for o in FeatureOverride.objects.filter(collective=collective)}
    ring = ring_of(collective)
    rows = []
    for flag in FeatureFlag.objects.filter(beta_opt_in=True):
        override = overrides.get(flag.pk)
        rows.append(
            {
                "flag": flag,
                "enabled": override.enabled if override else ring <= flag.rollout,
                "joined": bool(override and override.source == FeatureOverride.Source.BETA),
                "locked": bool(override and override.source == FeatureOverride.Source.STAFF)
                or ring <= flag.rollout,
            }
        )
    return rows


def feature_beta_choose(*, collective: Collective, key: str, join: bool, by) -> None:
    """A collective's admin tries a beta (or leaves it); staff decisions stay as they are."""
    flag = FeatureFlag.objects.filter(key=key, beta_opt_in=True).first()
    if flag is None:
        raise ValidationError(_("This feature is not offered as a beta."))
    with transaction.atomic():
        existing = (
            FeatureOverride.objects.select_for_update()
            .filter(flag=flag, collective=collective)
            .first()
        )
        if existing is not None and existing.source == FeatureOverride.Source.STAFF:
            raise ValidationError(_("The Groupage team has set this feature for your collective."))
        if join:
            FeatureOverride.objects.update_or_create(
                flag=flag,
                collective=collective,
                defaults={
                    "enabled": True,
                    "source": FeatureOverride.Source.BETA,
                    "by": getattr(by, "email", str(by)),
                },
            )
        elif existing is not None:
            existing.delete()
        audit(
            actor=getattr(by, "email", str(by)),
            action="beta_join" if join else "beta_leave",
            collective=collective,
            key=key,
        )
