"""Invoices and what numbers and prices them.

An issued invoice never changes: who sold, who bought, every line and every
total are copied into it (JSON snapshots) when it is issued, so later edits of
a producer, a member or an order leave it as it was. Corrections are credit
notes, which are invoices of their own.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import VAT_RATE_CHOICES

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class InvoicingSettings(models.Model):
    """One row per collective: its fee, its own VAT and the terms it prints."""

    commission_rate = models.DecimalField(
        _("commission on producers' sales (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=PERCENT,
    )
    commission_vat_rate = models.DecimalField(
        _("VAT rate on the commission"),
        max_digits=4,
        decimal_places=2,
        choices=VAT_RATE_CHOICES,
        default=Decimal("20.00"),
    )
    delivery_vat_rate = models.DecimalField(
        _("VAT rate on home delivery fees"),
        max_digits=4,
        decimal_places=2,
        choices=VAT_RATE_CHOICES,
        default=Decimal("20.00"),
    )
    collective_vat_exempt = models.BooleanField(
        _("the collective is VAT exempt (art. 293 B CGI)"), default=False
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms for professionals (days)"),
        default=30,
        validators=[MaxValueValidator(60)],
    )
    auto_issue_days = models.PositiveSmallIntegerField(
        _("issue a cycle's invoices automatically, days after its last distribution"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text=_("Leave empty to issue them by hand."),
    )
    # Printed as is on invoices to professionals: legal text, in French.
    late_penalty_rate = models.CharField(
        _("late payment penalty rate"),
        max_length=200,
        default="trois fois le taux d'intérêt légal",
    )

    class Meta:
        verbose_name = _("invoicing settings")

    def __str__(self) -> str:
        return "invoicing settings"

    @classmethod
    def load(cls) -> "InvoicingSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class PickupPointCommission(models.Model):
    """A partner pickup point (e.g. a shop) paid a share of the sales handed over there.

    The collective issues the partner's invoice itself (self-billing, under the
    partner's mandate), so the partner's legal identity lives here.
    """

    point = models.OneToOneField(
        "pickup.PickupPoint", on_delete=models.CASCADE, related_name="commission"
    )
    rate = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    vat_exempt = models.BooleanField(_("VAT exempt (art. 293 B CGI)"), default=False)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        verbose_name = _("pickup point commission")

    def __str__(self) -> str:
        return f"commission of {self.point_id}"


class InvoiceSeries(models.Model):
    """The next number of one issuer's series, e.g. `F-P0012-2026`.

    Taken under a row lock inside the issuing transaction: a rollback gives
    the number back, so a series has no gap (a database sequence would).
    """

    key = models.CharField(max_length=40, unique=True)
    next_number = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.key


class Invoice(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("Sale invoice")
        COMMISSION = "commission", _("Commission invoice")
        PICKUP_COMMISSION = "pickup_commission", _("Pickup point commission")
        CREDIT_NOTE = "credit_note", _("Credit note")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    series_key = models.CharField(max_length=40)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issue_date = models.DateField(_("date of issue"))
    sale_date = models.DateField(_("date of sale"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # What the document refers to, as printed: an order, a period, a distribution.
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    # Snapshots: identities, lines (amounts as strings), VAT per rate, legal mentions.
    seller = models.JSONField()
    buyer = models.JSONField()
    lines = models.JSONField()
    vat_breakdown = models.JSONField()
    mentions = models.JSONField(default=list)
    # Line amounts include VAT (households) or exclude it (professionals, fees).
    prices_incl_vat = models.BooleanField()
    total_excl_vat = models.DecimalField(max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(max_digits=12, decimal_places=2)
    total_incl_vat = models.DecimalField(max_digits=12, decimal_places=2)
    # What the invoice is about. `producer`: the seller of a sale (billing
    # mandate), the buyer of a commission invoice.
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    producer = models.ForeignKey(
        "catalogue.Producer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
    )
    cycle = models.ForeignKey(
        "cycles.OrderCycle", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    distribution = models.ForeignKey(
        "cycles.Distribution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credited_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    # Sales (and their credit notes) counted in a commission invoice, once.
    commission_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="commissioned"
    )
    facturx = models.BooleanField(_("Factur-X"), default=False)
    pdf = models.FileField(upload_to="invoices/", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["series_key", "sequence"], name="one_number_per_rank"),
            models.UniqueConstraint(
                fields=["order", "producer"],
                condition=Q(kind="sale", producer__isnull=False),
                name="one_sale_invoice_per_producer_and_order",
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(kind="sale", producer__isnull=True),
                name="one_delivery_invoice_per_order",
            ),
            models.UniqueConstraint(
                fields=["distribution"],
                condition=Q(kind="pickup_commission"),
                name="one_pickup_commission_per_distribution",
            ),
            models.CheckConstraint(
                condition=Q(kind="credit_note", credited_invoice__isnull=False)
                | (~Q(kind="credit_note") & Q(credited_invoice__isnull=True)),
                name="credit_notes_and_only_they_credit_an_invoice",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "issue_date"]),
            models.Index(fields=["producer", "issue_date"]),
            models.Index(fields=["customer", "issue_date"]),
            models.Index(fields=["cycle", "kind"]),
            # Only the few invoices whose PDF is still to draw: the catch-up task's list.
            models.Index(fields=["issued_at"], condition=Q(pdf=""), name="invoice_pdf_to_draw"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def self_billed(self) -> bool:
        """Issued by the buyer (the collective) for the seller: a partner's commission."""
        return bool(self.seller.get("self_billed"))

    @property
    def basis_total(self) -> Decimal:
        """The sum of the line amounts: VAT included or not, as the lines are."""
        return self.total_incl_vat if self.prices_incl_vat else self.total_excl_vat

    @property
    def sign(self) -> int:
        return -1 if self.is_credit_note else 1

    def vat_lines(self) -> list[dict]:
        return [{key: Decimal(value) for key, value in row.items()} for row in self.vat_breakdown]


class CycleInvoicing(models.Model):
    """A cycle whose sale invoices were issued, when and by whom."""

    cycle = models.OneToOneField(
        "cycles.OrderCycle", on_delete=models.PROTECT, related_name="invoicing"
    )
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invoice_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"invoicing of cycle {self.cycle_id}"
