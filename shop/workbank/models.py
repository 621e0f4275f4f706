"""The work bank (banque de travail): hours members give to the collective.

Each quarter, each producer's hours are set against their share of the
collective's sales (see `balances`); the admin closes the quarter, which
freezes its figures.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskType(models.TextChoices):
    COLLECTION = "collection", _("Collection (groupage)")
    BASKET_ASSEMBLY = "basket_assembly", _("Basket assembly")
    DELIVERIES = "deliveries", _("Deliveries")
    PICKUP_DUTY = "pickup_duty", _("Pickup point duty")
    ADMINISTRATION = "administration", _("Administration")
    COMMUNICATION = "communication", _("Communication")
    EVENTS = "events", _("Events")


class WorkEntry(models.Model):
    """Time one member gave on one day. `producer` is the farm the hours count for
    (the member's own), empty for an employee or a volunteer."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="work_entries",
    )
    producer = models.ForeignKey(
        "catalogue.Producer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_entries",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    task_type = models.CharField(_("task"), max_length=20, choices=TaskType.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work entry")
        verbose_name_plural = _("work entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="work_hours_within_a_day"
            )
        ]
        indexes = [models.Index(fields=["date", "producer"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.date} {self.hours} h"


class QuarterClose(models.Model):
    """A quarter reviewed and closed: its figures are kept as they were."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_close_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="quarter_between_1_and_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"


class WorkBankRule(models.Model):
    """The collective's rule, one row: hours it needs each quarter, shared among
    producers in proportion to their share of its sales."""

    expected_hours_per_quarter = models.DecimalField(
        _("hours the collective needs each quarter"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "work bank rule"

    @classmethod
    def load(cls) -> "WorkBankRule":
        rule, _created = cls.objects.get_or_create(pk=1)
        return rule
