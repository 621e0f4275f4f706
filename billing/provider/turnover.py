"""A collective's turnover through the platform, computed in its own schema."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django_tenants.utils import tenant_context

from billing.provider.models import MonthlyUsage
from billing.provider.pricing import first_of_month, last_of_month
from shop.orders.models import Order

COUNTED = (Order.Status.PLACED, Order.Status.COLLECTED)


def turnover_in_schema(month: date) -> tuple[Decimal, int]:
    """Orders placed or collected whose distribution falls in `month` (current schema)."""
    totals = Order.objects.filter(
        status__in=COUNTED,
        distribution__date__gte=first_of_month(month),
        distribution__date__lte=last_of_month(month),
    ).aggregate(amount=Sum("total_incl_vat"), orders=Count("id"))
    return totals["amount"] or Decimal("0.00"), totals["orders"]


def usage_record(*, collective, month: date) -> MonthlyUsage:
    """Compute and keep the month's turnover of `collective` (idempotent)."""
    with tenant_context(collective):
        amount, orders = turnover_in_schema(month)
    usage, _created = MonthlyUsage.objects.update_or_create(
        collective=collective,
        month=first_of_month(month),
        defaults={"turnover": amount, "orders": orders},
    )
    return usage
