"""Changing a collective's plan, and the staff's price list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.models import Plan, Subscription
from billing.provider.models import PlanChange


def subscription_change_plan(*, collective, plan: Plan, by: str) -> Subscription:
    """Move the collective to `plan`; the next monthly invoice follows the new plan.

    Collectives choose among the plans on offer; the staff may choose any.
    """
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("plan")
            .get(collective=collective)
        )
        previous = subscription.plan
        if previous.pk == plan.pk:
            return subscription
        PlanChange.objects.create(
            subscription=subscription, from_plan=previous, to_plan=plan, by=by
        )
        subscription.plan = plan
        subscription.save(update_fields=["plan"])
        from maintenance.models import AuditEntry

        AuditEntry.objects.create(
            collective=collective,
            actor=by,
            action="plan_changed",
            detail={"from": previous.slug, "to": plan.slug},
        )
    return subscription


PLAN_FIELDS = (
    "name",
    "slug",
    "description",
    "setup_fee",
    "yearly_flat_fee",
    "revenue_percent",
    "reduced_percent",
    "reduced_months",
    "floor",
    "cap",
    "application_fee_percent",
    "position",
    "active",
)


def plan_save(*, plan: Plan | None, details: dict) -> Plan:
    """Create or edit a plan (provider staff); set-up fee 0–1,500 €, floor ≤ cap."""
    plan = plan or Plan()
    for field in PLAN_FIELDS:
        if field in details:
            setattr(plan, field, details[field])
    if plan.yearly_flat_fee is None and plan.revenue_percent is None:
        raise ValidationError(_("Give a yearly flat fee or a share of turnover."))
    if plan.setup_fee > 1500:
        raise ValidationError(_("The set-up fee is at most 1,500 €."))
    if plan.floor is not None and plan.cap is not None and plan.floor > plan.cap:
        raise ValidationError(_("The yearly minimum cannot exceed the maximum."))
    if plan.reduced_percent is not None and plan.revenue_percent is None:
        raise ValidationError(_("A reduced share needs a share of turnover."))
    plan.full_clean()
    with transaction.atomic():
        plan.save()
    return plan
