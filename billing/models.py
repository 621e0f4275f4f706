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
    # Launch offer of a share-of-turnover plan: a lower share for the first months.
    reduced_percent = models.DecimalField(
        _("reduced share of turnover (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    reduced_months = models.PositiveSmallIntegerField(_("months at the reduced share"), default=0)
    # The platform's fee on consumers' online payments to the collective (Connect).
    application_fee_percent = models.DecimalField(
        _("fee on online payments (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
    )

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
    # How the provider collects its invoices: the collective's card on the
    # platform's Stripe account (the collective as a Stripe customer), or transfer.
    collection = models.CharField(
        _("payment method"),
        max_length=10,
        choices=[("stripe", _("Card (Stripe)")), ("transfer", _("Bank transfer"))],
        default="transfer",
    )
    stripe_customer_id = models.CharField(max_length=64, blank=True)
    payment_method_id = models.CharField(max_length=64, blank=True)
    setup_fee_invoiced = models.BooleanField(default=False)
    # Unpaid past the grace period: consumers see the shop but cannot order.
    read_only = models.BooleanField(_("read-only"), default=False)
    read_only_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.collective} on {self.plan}"


# Webhook events and the provider's invoices live in their own modules of this app.
from billing.events.models import ConnectedAccount, StripeEvent  # noqa: E402
from billing.provider.models import (  # noqa: E402
    InvoiceSeries,
    MonthlyUsage,
    PlanChange,
    ProviderInvoice,
    ProviderInvoiceLine,
)

__all__ = [
    "ConnectedAccount",
    "InvoiceSeries",
    "MonthlyUsage",
    "Plan",
    "PlanChange",
    "ProviderInvoice",
    "ProviderInvoiceLine",
    "StripeEvent",
    "Subscription",
]
