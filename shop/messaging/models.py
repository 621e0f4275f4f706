"""What the collective e-mails, and the record of each send.

`ReminderSent` and `OpeningNoticeSent` are claimed *before* the e-mail goes
out (one row per cycle and person, unique): a task that runs twice, or two
workers at once, never send the same person two reminders for one cycle.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentOncePerCycle(models.Model):
    """One e-mail of one kind, for one cycle, went to one person (claimed first)."""

    cycle = models.ForeignKey("cycles.OrderCycle", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} of cycle {self.cycle_id} to {self.user_id}"


class ReminderSent(SentOncePerCycle):
    """The deadline reminder of one cycle went to one person (relance)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"], name="one_reminder_per_user_and_cycle"
            )
        ]


class OpeningNoticeSent(SentOncePerCycle):
    """The "orders are open" e-mail of one cycle went to one person."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"], name="one_opening_notice_per_user_and_cycle"
            )
        ]


class NewsOptOut(models.Model):
    """A consumer who wants no more messages from the collective (news, open days…).

    Deadline reminders have their own flag, `members.Profile.reminders_opt_out`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"no news for {self.user_id}"


class Message(models.Model):
    """A message an admin writes to a group of members, then sends once."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        OPEN_DAY = "open_day", _("Farm open day")
        TRIAL_DAY = "trial_day", _("Trial day")
        OTHER = "other", _("Other")

    class Segment(models.TextChoices):
        CONSUMERS = "consumers", _("All consumers")
        POINT = "point", _("Consumers of one pickup point")
        PROFESSIONALS = "professionals", _("Professionals")
        PRODUCERS = "producers", _("Producers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    segment = models.CharField(_("recipients"), max_length=15, choices=Segment.choices)
    pickup_point = models.ForeignKey(
        "pickup.PickupPoint",
        verbose_name=_("pickup point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # Optional English version, for members who chose English.
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("message in English"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def version_for(self, language: str) -> tuple[str, str]:
        """(subject, body) in the recipient's language when the admin wrote one."""
        if language == "en" and self.subject_en.strip() and self.body_en.strip():
            return self.subject_en, self.body_en
        return self.subject, self.body


class MessageDelivery(models.Model):
    """One recipient of a message: queued when the admin sends, then sent or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="one_delivery_per_recipient")
        ]
        indexes = [models.Index(fields=["message", "status"])]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.email}"


class ReadyNoticeSent(SentOncePerCycle):
    """The "your order is ready, come and get it" e-mail of one cycle went to one person."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"], name="one_ready_notice_per_user_and_cycle"
            )
        ]
