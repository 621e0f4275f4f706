"""Recurring payment jobs of one collective (sent to each by maintenance.fleet.fan_out)."""

from celery import shared_task
from django.db import connection
from django.utils import timezone


@shared_task(ignore_result=True)
def charge_final_orders() -> dict:
    """Charge the saved cards of orders distributed before today (their amount is final)."""
    from billing.payments.services.orders import charge_due_orders

    today = timezone.localtime(timezone.now(), connection.tenant.zone).date()
    return charge_due_orders(today=today)


@shared_task(ignore_result=True)
def membership_reminders() -> int:
    from billing.payments.membership import renewal_reminders

    return renewal_reminders()
