"""Order cycles: ordering windows, their distributions, and the offer."""

from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.pickup.models import Weekday


class CycleSchedule(models.Model):
    """A weekly rule that creates cycles ahead of time.

    Each cycle stays open for `weeks_ahead` weeks before its deadline, so that
    at any moment people can order for the next `weeks_ahead` distributions.
    """

    name = models.CharField(_("name"), max_length=80, default="Hebdomadaire")
    closes_weekday = models.PositiveSmallIntegerField(_("closes on"), choices=Weekday.choices)
    closes_time = models.TimeField(_("closes at"), default=time(20, 0))
    lead_days = models.PositiveSmallIntegerField(
        _("days between the deadline and the first distribution"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(14)],
    )
    weeks_ahead = models.PositiveSmallIntegerField(
        _("weeks created ahead"), default=3, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    active = models.BooleanField(_("active"), default=True)

    def __str__(self) -> str:
        return self.name


class OrderCycle(models.Model):
    """An ordering window (opens, closes), stored in UTC, shown in the collective's zone."""

    schedule = models.ForeignKey(
        CycleSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="cycles"
    )
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.DateTimeField(_("orders open"))
    closes_at = models.DateTimeField(_("orders close"))
    # Set by the close task, once: orders are frozen from then on.
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order cycle")
        verbose_name_plural = _("order cycles")
        ordering = ["closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="cycle_closes_after_opening"
            ),
            models.UniqueConstraint(
                fields=["schedule", "closes_at"], name="one_cycle_per_schedule_deadline"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at


class Distribution(models.Model):
    """The date on which one pickup point hands over the orders of one cycle."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="distributions")
    pickup_point = models.ForeignKey(
        "pickup.PickupPoint", on_delete=models.PROTECT, related_name="distributions"
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date", "pickup_point__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "pickup_point"], name="one_distribution_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pickup_point} {self.date}"


class OfferItem(models.Model):
    """A variant on offer in a cycle: how many can be sold, and where.

    `quantity_sold` is only changed under a row lock by the ordering
    services, so that exactly the available quantity is ever sold.
    """

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="offer_items")
    variant = models.ForeignKey(
        "catalogue.Variant", on_delete=models.PROTECT, related_name="offer_items"
    )
    # Empty means unlimited.
    quantity_available = models.DecimalField(
        _("quantity available"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quantity_sold = models.DecimalField(max_digits=10, decimal_places=3, default=0)
    # Empty means every pickup point of the cycle.
    pickup_points = models.ManyToManyField(
        "pickup.PickupPoint", blank=True, related_name="+", verbose_name=_("only at")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "variant"], name="one_offer_per_variant"),
            models.CheckConstraint(
                condition=Q(quantity_available__isnull=True)
                | Q(quantity_sold__lte=models.F("quantity_available")),
                name="offer_never_oversold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant} in {self.cycle}"

    @property
    def remaining(self):
        if self.quantity_available is None:
            return None
        return self.quantity_available - self.quantity_sold
