"""Reads of the provider's billing: a collective's subscription page, revenue, MRR."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from billing.models import Plan, Subscription
from billing.provider.models import MonthlyUsage, ProviderInvoice
from billing.provider.pricing import first_of_month, monthly_estimate, previous_month
from shop.money import ZERO
from tenants.models import Collective


@dataclass
class SubscriptionPage:
    subscription: Subscription | None
    month: date
    turnover: Decimal
    orders: int
    estimate: Decimal
    invoices: list[ProviderInvoice]
    outstanding: Decimal
    plans: list[Plan]


def subscription_page(collective) -> SubscriptionPage:
    """What the collective's admin sees: plan, usage this month, invoices, payment method.

    Call inside the collective's schema (the month's turnover is read there).
    """
    from billing.provider.turnover import turnover_in_schema

    today = timezone.localtime(timezone.now(), collective.zone).date()
    month = first_of_month(today)
    subscription = Subscription.objects.filter(collective=collective).select_related("plan").first()
    turnover, orders = turnover_in_schema(month)
    estimate = ZERO
    if subscription is not None:
        started = timezone.localtime(subscription.started_at, collective.zone).date()
        estimate = monthly_estimate(
            subscription.plan, turnover=turnover, started=started, month=month
        )
    invoices = list(ProviderInvoice.objects.filter(collective=collective)[:36])
    outstanding = sum(
        (i.total_incl_vat for i in invoices if i.status == ProviderInvoice.Status.OPEN), ZERO
    )
    plans = list(Plan.objects.filter(active=True))
    return SubscriptionPage(
        subscription, month, turnover, orders, estimate, invoices, outstanding, plans
    )


def get_invoice_for(collective, number: str) -> ProviderInvoice:
    """The collective's own invoice; 404 alike for absent and not theirs."""
    from django.http import Http404

    invoice = (
        ProviderInvoice.objects.filter(collective=collective, number=number)
        .select_related("collective")
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


@dataclass
class RevenueRow:
    collective: Collective
    plan: str
    last_month_turnover: Decimal
    monthly_fee: Decimal
    invoiced_12_months: Decimal
    outstanding: Decimal
    read_only: bool


@dataclass
class Revenue:
    rows: list[RevenueRow]
    month: date
    mrr: Decimal
    invoiced_12_months: Decimal
    outstanding: Decimal


def revenue(today: date | None = None) -> Revenue:
    """Revenue per collective and monthly recurring revenue (3 queries, whatever the fleet)."""
    today = today or timezone.localdate()
    month = previous_month(today)
    since = first_of_month(today) - timedelta(days=365)
    subscriptions = list(
        Subscription.objects.select_related("collective", "plan")
        .exclude(collective__status=Collective.Status.CLOSED)
        .annotate(
            invoiced=Sum(
                "collective__provider_invoices__total_excl_vat",
                filter=Q(collective__provider_invoices__period_start__gte=since),
            ),
            outstanding=Sum(
                "collective__provider_invoices__total_incl_vat",
                filter=Q(collective__provider_invoices__status=ProviderInvoice.Status.OPEN),
            ),
        )
        .order_by("collective__name")
    )
    usage = dict(MonthlyUsage.objects.filter(month=month).values_list("collective_id", "turnover"))
    rows = []
    for subscription in subscriptions:
        turnover = usage.get(subscription.collective_id, ZERO)
        started = subscription.started_at.date()
        rows.append(
            RevenueRow(
                collective=subscription.collective,
                plan=subscription.plan.name,
                last_month_turnover=turnover,
                monthly_fee=monthly_estimate(
                    subscription.plan, turnover=turnover, started=started, month=month
                ),
                invoiced_12_months=subscription.invoiced or ZERO,
                outstanding=subscription.outstanding or ZERO,
                read_only=subscription.read_only,
            )
        )
    active = [r for r in rows if r.collective.status == Collective.Status.ACTIVE]
    return Revenue(
        rows=rows,
        month=month,
        mrr=sum((r.monthly_fee for r in active), ZERO),
        invoiced_12_months=sum((r.invoiced_12_months for r in rows), ZERO),
        outstanding=sum((r.outstanding for r in rows), ZERO),
    )


def open_invoices():
    return (
        ProviderInvoice.objects.filter(status=ProviderInvoice.Status.OPEN)
        .select_related("collective")
        .order_by("due_on", "number")
    )
