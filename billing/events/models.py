"""Stripe's webhook events as received, and which collective owns which Stripe account.

Public schema: events for every collective arrive at the platform's one
endpoint; the `account` of an event says which collective it concerns.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectedAccount(models.Model):
    """A collective's own Stripe account (Connect), to route its events to its schema."""

    account_id = models.CharField(max_length=64, unique=True)
    collective = models.ForeignKey(
        "tenants.Collective", on_delete=models.CASCADE, related_name="stripe_accounts"
    )
    connected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("connected Stripe account")
        verbose_name_plural = _("connected Stripe accounts")

    def __str__(self) -> str:
        return self.account_id


class StripeEvent(models.Model):
    """One webhook event, stored once (by Stripe's id) and processed once."""

    event_id = models.CharField(max_length=80, unique=True)
    type = models.CharField(max_length=80)
    account = models.CharField(max_length=64, blank=True, db_index=True)
    collective = models.ForeignKey(
        "tenants.Collective",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stripe_events",
    )
    created = models.DateTimeField(_("sent by Stripe at"))
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    deliveries = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        indexes = [
            models.Index(
                fields=["received_at"],
                name="stripe_event_unprocessed",
                condition=models.Q(processed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

    @property
    def failed(self) -> bool:
        return self.processed_at is None and bool(self.error)
