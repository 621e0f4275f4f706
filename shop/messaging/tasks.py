"""Background work of the messaging area, each run inside one collective's schema."""

from celery import shared_task
from django.conf import settings

from shop.messaging import announcements, reminders
from shop.messaging.collective_messages import message_deliver_batch
from shop.messaging.transactional import email_order_placed, order_with_lines
from shop.orders.models import Order


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Every 15 minutes (groupage/beat.py): the reminders now due (idempotent)."""
    return reminders.send_deadline_reminders()


@shared_task(ignore_result=True)
def announce_open_cycles() -> int:
    """Every 15 minutes (groupage/beat.py): "orders are open" notices (idempotent)."""
    return announcements.announce_open_cycles()


@shared_task(bind=True, ignore_result=True, max_retries=12)
def send_order_placed(self, order_id: int, changed: bool = False) -> bool:
    """The confirmation waits for the mail server: while it is down, the task is
    retried later (5 min, then doubling up to an hour), with a broker."""
    try:
        order = order_with_lines(order_id)
    except Order.DoesNotExist:
        return False
    sent = email_order_placed(order, changed=changed)
    if not sent and not settings.CELERY_TASK_ALWAYS_EAGER:
        raise self.retry(countdown=min(300 * 2**self.request.retries, 3600))
    return sent


BATCH_PAUSE_SECONDS = 2


@shared_task(ignore_result=True)
def send_message_batch(message_id: int) -> int:
    """Send the next batch of a collective message, then queue the next batch."""
    remaining = message_deliver_batch(message_id=message_id)
    if remaining:
        send_message_batch.apply_async(
            kwargs={"message_id": message_id}, countdown=BATCH_PAUSE_SECONDS
        )
    return remaining


@shared_task(ignore_result=True)
def send_ready_for_pickup() -> int:
    """Hourly (groupage/beat.py): "your order is ready" on the distribution day (idempotent)."""
    from django.db import connection

    from shop.messaging.ready import send_ready_for_pickup as send

    return send(zone=connection.tenant.zone)
