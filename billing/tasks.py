"""The provider's recurring billing jobs (public schema; see groupage/beat.py)."""

from celery import shared_task
from django.db import connection
from django.utils import timezone

from billing.models import Subscription
from tenants.models import Collective


@shared_task(ignore_result=True)
def invoice_last_month() -> int:
    """On the 1st: each collective's turnover of last month, and its invoice (idempotent)."""
    from billing.provider.invoicing import provider_invoice_issue
    from billing.provider.pricing import previous_month

    connection.set_schema_to_public()
    issued = 0
    subscriptions = (
        Subscription.objects.filter(
            collective__status__in=(Collective.Status.ACTIVE, Collective.Status.SUSPENDED)
        )
        .select_related("collective")
        .order_by("collective_id")
    )
    for subscription in subscriptions:
        collective = subscription.collective
        month = previous_month(timezone.localtime(timezone.now(), collective.zone).date())
        if provider_invoice_issue(collective=collective, month=month) is not None:
            issued += 1
        connection.set_schema_to_public()
    return issued


@shared_task(ignore_result=True)
def dunning() -> dict:
    """Every day: charge again, remind, and make shops read-only past the grace period."""
    from billing.provider.dunning import dunning_run

    connection.set_schema_to_public()
    return dunning_run()


@shared_task(ignore_result=True)
def retry_stripe_events() -> int:
    """Webhook events that failed (or were interrupted) get processed again."""
    from billing.events.services import events_retry

    connection.set_schema_to_public()
    return events_retry()
