"""Messages from the collective to a group of members: write, preview, send.

Rules:
- a message is written as a draft (subject and text; an English version is
  optional), to one segment: all consumers, the consumers of one pickup
  point, professionals, or producers; only drafts change or are deleted;
- sending takes a snapshot of the recipients: one `MessageDelivery` per person,
  queued, then sent in batches by a task, each marked sent or failed, so
  every send is recorded and none is sent twice;
- a message with no one to send to is refused; a message is sent once.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.messaging.audience import segment_audience
from shop.messaging.emails import build_templated_email, deliver, mail_session, site_url
from shop.messaging.models import Message, MessageDelivery
from shop.messaging.unsubscribe import NEWS, unsubscribe_headers, unsubscribe_url
from shop.pickup.models import PickupPoint

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


@dataclass(frozen=True)
class MessageDetails:
    kind: str
    segment: str
    subject: str
    body: str
    pickup_point: PickupPoint | None = None
    subject_en: str = ""
    body_en: str = ""


def message_save(*, details: MessageDetails, by, message: Message | None = None) -> Message:
    """Write a new draft, or change one."""
    _validate(details)
    with transaction.atomic():
        if message is None:
            message = Message(created_by=by)
        else:
            message = Message.objects.select_for_update().get(pk=message.pk)
            if message.status != Message.Status.DRAFT:
                raise ValidationError(_("This message was sent: it can no longer change."))
        message.kind = details.kind
        message.segment = details.segment
        message.pickup_point = (
            details.pickup_point if details.segment == Message.Segment.POINT else None
        )
        message.subject = details.subject.strip()
        message.body = details.body.strip()
        message.subject_en = details.subject_en.strip()
        message.body_en = details.body_en.strip()
        message.save()
    logger.info("Message %s saved by %s", message.pk, getattr(by, "pk", None))
    return message


def _validate(details: MessageDetails) -> None:
    errors = {}
    if details.kind not in Message.Kind.values:
        errors["kind"] = _("Choose one of the kinds offered.")
    if details.segment not in Message.Segment.values:
        errors["segment"] = _("Choose who receives the message.")
    elif details.segment == Message.Segment.POINT and not (
        details.pickup_point is not None and details.pickup_point.active
    ):
        errors["pickup_point"] = _("Choose an open pickup point.")
    if not details.subject.strip():
        errors["subject"] = _("Give the message a subject.")
    if not details.body.strip():
        errors["body"] = _("Write the message.")
    if bool(details.subject_en.strip()) != bool(details.body_en.strip()):
        errors["body_en"] = _("Give both the English subject and text, or neither.")
    if errors:
        raise ValidationError(errors)


def message_delete(*, message: Message, by) -> None:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != Message.Status.DRAFT:
            raise ValidationError(_("A sent message is kept as a record."))
        message.delete()
    logger.info("Draft message deleted by %s", getattr(by, "pk", None))


def recipients_of(message: Message, *, now: datetime | None = None):
    return segment_audience(message.segment, message.pickup_point, now=now)


def message_send(*, message: Message, by, now: datetime | None = None) -> Message:
    """Queue the message for everyone in its segment now; batches go out after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != Message.Status.DRAFT:
            raise ValidationError(_("This message was already sent."))
        people = list(recipients_of(message, now=now).values_list("pk", "email"))
        if not people:
            raise ValidationError(_("No one would receive this message."))
        MessageDelivery.objects.bulk_create(
            MessageDelivery(message=message, user_id=pk, email=email) for pk, email in people
        )
        message.status = Message.Status.SENDING
        message.sent_by = by
        message.sent_at = now
        message.recipients_count = len(people)
        message.save(update_fields=["status", "sent_by", "sent_at", "recipients_count"])
        transaction.on_commit(lambda: _start_sending(message.pk))
    logger.info("Message %s sent to %s people by %s", message.pk, len(people), by.pk)
    return message


def _start_sending(message_id: int) -> None:
    from shop.messaging.tasks import send_message_batch

    send_message_batch.delay(message_id=message_id)


def message_email(message: Message, user, *, base: str | None = None):
    """The e-mail `user` gets (also the preview): news to consumers can be unsubscribed."""
    subject, body = message.version_for(getattr(user, "language", "fr"))
    headers, url = {}, ""
    if message.segment != Message.Segment.PRODUCERS:
        url = unsubscribe_url(user, NEWS, base=base)
        headers = unsubscribe_headers(url)
    return build_templated_email(
        to_user=user,
        template="collective_message",
        context={
            "message": message,
            "subject": subject,
            "body": body,
            "site_url": base or site_url(),
            "unsubscribe_url": url,
        },
        headers=headers,
    )


def message_send_test(*, message: Message, to) -> bool:
    """Send the message to `to` (the admin) only, to see it in a real mailbox."""
    email = message_email(message, to)
    email.subject = f"[{_('Test')}] {email.subject}"
    return deliver(email)


def message_deliver_batch(*, message_id: int, size: int = BATCH_SIZE) -> int:
    """Send up to `size` queued deliveries; how many remain queued afterwards.

    Rows are locked (SKIP LOCKED) while their batch is sent, so two workers
    never send the same delivery.
    """
    with transaction.atomic():
        message = Message.objects.get(pk=message_id)
        batch = list(
            MessageDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(message=message, status=MessageDelivery.Status.QUEUED)
            .select_related("user")
            .order_by("id")[:size]
        )
        base = site_url()
        with mail_session() as session:
            for delivery in batch:
                _deliver_one(message, delivery, session, base)
        MessageDelivery.objects.bulk_update(batch, ["status", "sent_at", "error"])
    remaining = MessageDelivery.objects.filter(
        message_id=message_id, status=MessageDelivery.Status.QUEUED
    ).count()
    if not remaining:
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
            status=Message.Status.SENT, finished_at=timezone.now()
        )
    return remaining


def _deliver_one(message: Message, delivery: MessageDelivery, session, base: str) -> None:
    user = delivery.user
    if not user.is_active:
        delivery.status, delivery.error = MessageDelivery.Status.FAILED, "inactive account"
        return
    email = message_email(message, user, base=base)
    email.connection = session
    if deliver(email):
        delivery.status, delivery.sent_at = MessageDelivery.Status.SENT, timezone.now()
    else:
        delivery.status, delivery.error = (
            MessageDelivery.Status.FAILED,
            "refused by the mail server",
        )


def delivery_counts(message: Message) -> dict[str, int]:
    rows = (
        MessageDelivery.objects.filter(message=message)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(MessageDelivery.Status.values, 0)
    counts.update(dict(rows))
    return counts


def message_list():
    """Messages with their delivery counts (one query)."""
    return (
        Message.objects.select_related("pickup_point", "sent_by")
        .annotate(
            sent_count=Count(
                "deliveries", filter=Q(deliveries__status=MessageDelivery.Status.SENT)
            ),
            failed_count=Count(
                "deliveries", filter=Q(deliveries__status=MessageDelivery.Status.FAILED)
            ),
        )
        .order_by("-created_at", "-id")
    )
