"""The provider's pricing of collectives (public schema).

Kept small on purpose: a plan and which plan a collective is on. Invoicing
collectives and consumers' payments come later.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Plan(models.Model):
    """A price list: a set-up fee, then a yearly flat fee or a share of turnover.

    With a share of turnover, `floor` and `cap` bound what a collective pays
    in a year (empty means unbounded).
    """

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    setup_fee = models.DecimalField(_("set-up fee"), default=Decimal("0.00"), **_MONEY)
    yearly_flat_fee = models.DecimalField(_("yearly flat fee"), null=True, blank=True, **_MONEY)
    revenue_percent = models.DecimalField(
        _("share of turnover (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    floor = models.DecimalField(_("yearly minimum"), null=True, blank=True, **_MONEY)
    cap = models.DecimalField(_("yearly maximum"), null=True, blank=True, **_MONEY)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("offered on the public site"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_flat_fee__isnull=False) | Q(revenue_percent__isnull=False),
                name="plan_has_a_price",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """Which plan a collective is on, since when."""

    collective = models.OneToOneField(
        "tenants.Collective", on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    started_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.collective} on {self.plan}"
