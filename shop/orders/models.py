"""Orders: one consumer, one cycle, one pickup point."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import VAT_RATE_CHOICES, StorageClass, Unit


class Order(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        CANCELLED = "cancelled", _("Cancelled")
        COLLECTED = "collected", _("Collected")

    class PaymentStatus(models.TextChoices):
        AT_PICKUP = "at_pickup", _("To pay at pickup")
        PAID = "paid", _("Paid")
        PENDING = "pending", _("Payment pending")
        FAILED = "failed", _("Payment failed")
        REFUNDED = "refunded", _("Refunded")

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    cycle = models.ForeignKey("cycles.OrderCycle", on_delete=models.PROTECT, related_name="orders")
    distribution = models.ForeignKey(
        "cycles.Distribution", on_delete=models.PROTECT, related_name="orders"
    )
    pickup_point = models.ForeignKey(
        "pickup.PickupPoint", on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLACED)
    payment_status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.AT_PICKUP
    )
    # Professionals buy at VAT-excluded prices; the flag is frozen with the order.
    is_professional = models.BooleanField(default=False)
    delivery_address = models.TextField(_("delivery address"), blank=True)
    delivery_fee = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0.00"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Totals of the products; the delivery fee (VAT included, the collective's own
    # sale, invoiced apart) is added to `total_incl_vat` only, and shown as such.
    total_excl_vat = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    total_vat = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    total_incl_vat = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    placed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "cycle"],
                condition=Q(status="placed"),
                name="one_live_order_per_customer_and_cycle",
            )
        ]
        indexes = [models.Index(fields=["cycle", "pickup_point", "status"])]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    offer_item = models.ForeignKey(
        "cycles.OfferItem", on_delete=models.PROTECT, related_name="order_lines"
    )
    variant = models.ForeignKey("catalogue.Variant", on_delete=models.PROTECT, related_name="+")
    producer = models.ForeignKey("catalogue.Producer", on_delete=models.PROTECT, related_name="+")
    # Snapshots, so that later catalogue edits never change a placed order.
    product_name = models.CharField(max_length=250)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    storage = models.CharField(max_length=10, choices=StorageClass.choices)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2, choices=VAT_RATE_CHOICES)
    quantity = models.DecimalField(max_digits=10, decimal_places=3)
    # Per unit (or per kg for variable weight): VAT included for households,
    # excluded for professionals (see Order.is_professional).
    unit_price = models.DecimalField(max_digits=8, decimal_places=2)
    # A professional without a price of their own pays the households' line
    # without its VAT: the VAT-included price it is worked out from, kept so that
    # weighing or a shortage applies the same rule (`shop.orders.pricing`). Lines
    # placed before this field existed have none and keep the per-unit rule.
    incl_vat_unit_price = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    variable_weight = models.BooleanField(default=False)
    estimated_weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True)
    actual_weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"
