"""What the provider invoices collectives (public schema).

Invoices are numbered without gaps in the provider's series (one per calendar
year: P2026-00001, P2026-00002, …), carry French VAT at 20 %, and never change
once issued; a PDF is made from them on demand.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VAT_RATE = Decimal("20.00")
_MONEY = {"max_digits": 12, "decimal_places": 2}


class InvoiceSeries(models.Model):
    """The next number of a series; its row is locked while an invoice takes a number."""

    code = models.CharField(max_length=20, unique=True)
    next_number = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.code


class ProviderInvoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To pay")
        PAID = "paid", _("Paid")

    class Collection(models.TextChoices):
        STRIPE = "stripe", _("Card (Stripe)")
        TRANSFER = "transfer", _("Bank transfer")

    number = models.CharField(_("number"), max_length=30, unique=True)
    collective = models.ForeignKey(
        "tenants.Collective", on_delete=models.PROTECT, related_name="provider_invoices"
    )
    plan_name = models.CharField(max_length=80)
    # The month of hosting invoiced (first and last day); one invoice per month.
    period_start = models.DateField()
    period_end = models.DateField()
    issued_at = models.DateTimeField()
    due_on = models.DateField(_("due on"))
    # Who is invoiced, as they were when the invoice was issued.
    customer_name = models.CharField(max_length=200)
    customer_address = models.TextField(blank=True)
    customer_siret = models.CharField(max_length=14, blank=True)
    customer_vat_number = models.CharField(max_length=20, blank=True)
    turnover = models.DecimalField(_("turnover of the month"), null=True, blank=True, **_MONEY)
    total_excl_vat = models.DecimalField(**_MONEY)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2, default=VAT_RATE)
    total_vat = models.DecimalField(**_MONEY)
    total_incl_vat = models.DecimalField(**_MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    collection = models.CharField(max_length=10, choices=Collection.choices)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    payment_error = models.CharField(max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_reference = models.CharField(max_length=100, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-number"]
        verbose_name = _("provider invoice")
        verbose_name_plural = _("provider invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "period_start"], name="one_provider_invoice_per_month"
            ),
            models.CheckConstraint(
                condition=Q(total_incl_vat=models.F("total_excl_vat") + models.F("total_vat")),
                name="provider_invoice_totals_add_up",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ProviderInvoiceLine(models.Model):
    invoice = models.ForeignKey(ProviderInvoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    amount_excl_vat = models.DecimalField(**_MONEY)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class MonthlyUsage(models.Model):
    """A collective's turnover through the platform in one month (from its orders)."""

    collective = models.ForeignKey(
        "tenants.Collective", on_delete=models.CASCADE, related_name="monthly_usage"
    )
    month = models.DateField()  # its first day
    turnover = models.DecimalField(**_MONEY)
    orders = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "month"], name="one_usage_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.collective_id} {self.month:%Y-%m}"


class PlanChange(models.Model):
    """A collective moved from one plan to another (the next invoice uses the new one)."""

    subscription = models.ForeignKey(
        "billing.Subscription", on_delete=models.CASCADE, related_name="changes"
    )
    from_plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="+")
    to_plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="+")
    by = models.CharField(max_length=254)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.from_plan_id} → {self.to_plan_id}"
