"""After the deadline: groupage, adjustments and the hand-over at pickup points.

Orders themselves live in `shop.orders`; what logistics adds about them is
kept here, next to them (shortages, weighings, arrivals at the collection
point, hand-overs and payments taken at pickup).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LogisticsSettings(models.Model):
    """One row per collective: where goods are gathered and how baskets are packed."""

    class Groupage(models.TextChoices):
        PRODUCERS_BRING = "bring", _("Producers bring their goods to the collection point")
        COLLECTION_TOUR = "tour", _("We collect the goods from the farms")

    collection_point_name = models.CharField(
        _("collection point"), max_length=120, default="Point de collecte"
    )
    collection_point_address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    groupage = models.CharField(
        _("groupage"), max_length=10, choices=Groupage.choices, default=Groupage.PRODUCERS_BRING
    )
    lines_per_bag = models.PositiveSmallIntegerField(
        _("order lines per bag or crate"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("logistics settings")

    def __str__(self) -> str:
        return "logistics settings"

    @classmethod
    def load(cls) -> "LogisticsSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ProducerDocumentsMail(models.Model):
    """The producer was e-mailed their documents of this cycle (once)."""

    cycle = models.ForeignKey("cycles.OrderCycle", on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("catalogue.Producer", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "producer"], name="documents_mailed_once")
        ]

    def __str__(self) -> str:
        return f"documents of cycle {self.cycle_id} to producer {self.producer_id}"


class DocumentsBundle(models.Model):
    """Every document of a cycle in one ZIP file, made in the background."""

    cycle = models.OneToOneField(
        "cycles.OrderCycle", on_delete=models.CASCADE, related_name="documents_bundle"
    )
    file = models.FileField(upload_to="logistics/bundles/", blank=True)
    requested_at = models.DateTimeField()
    # When the file's making started: it is up to date if that is after the request.
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"documents of cycle {self.cycle_id}"

    @property
    def ready(self) -> bool:
        return bool(self.file) and self.built_at is not None and self.built_at >= self.requested_at


class ShortageRecord(models.Model):
    """A producer could not supply all that was ordered of a variant."""

    cycle = models.ForeignKey("cycles.OrderCycle", on_delete=models.CASCADE, related_name="+")
    offer_item = models.ForeignKey("cycles.OfferItem", on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("catalogue.Producer", on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(max_length=250)
    quantity_ordered = models.DecimalField(max_digits=10, decimal_places=3)
    quantity_supplied = models.DecimalField(max_digits=10, decimal_places=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.product_name}: {self.quantity_supplied} of {self.quantity_ordered}"


class ShortageAdjustment(models.Model):
    """What a shortage took from one order line (kept when the line is gone)."""

    record = models.ForeignKey(ShortageRecord, on_delete=models.CASCADE, related_name="changes")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    quantity_before = models.DecimalField(max_digits=10, decimal_places=3)
    quantity_after = models.DecimalField(max_digits=10, decimal_places=3)
    amount_before = models.DecimalField(max_digits=10, decimal_places=2)
    amount_after = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return f"order {self.order_id}: {self.quantity_before} → {self.quantity_after}"


class Weighing(models.Model):
    """A variable-weight line weighed by its producer: the price it had and has."""

    line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3)
    amount_before = models.DecimalField(max_digits=10, decimal_places=2)
    amount_after = models.DecimalField(max_digits=10, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"line {self.line_id}: {self.weight_kg} kg"


class GroupageCheck(models.Model):
    """What a producer brought of one variant to the collection point."""

    cycle = models.ForeignKey("cycles.OrderCycle", on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("catalogue.Producer", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalogue.Variant", on_delete=models.PROTECT, related_name="+")
    expected = models.DecimalField(max_digits=10, decimal_places=3)
    received = models.DecimalField(max_digits=10, decimal_places=3)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "variant"], name="one_check_per_variant"),
            models.CheckConstraint(condition=Q(received__gte=0), name="received_not_negative"),
        ]

    def __str__(self) -> str:
        return f"variant {self.variant_id}: {self.received} of {self.expected}"

    @property
    def missing(self) -> Decimal:
        return max(self.expected - self.received, Decimal("0"))


class HandOverEvent(models.Model):
    """Something a depot keeper did with an order, once per client-made UUID."""

    class Kind(models.TextChoices):
        COLLECTED = "collected", _("Collected")
        UNDONE = "undone", _("Collection undone")
        REMARK = "remark", _("Remark")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    remark = models.CharField(_("remark"), max_length=500, blank=True)
    client_uuid = models.UUIDField(unique=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When it happened on the phone (it may reach us later, when back online).
    happened_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_at", "id"]
        indexes = [models.Index(fields=["order", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} order {self.order_id}"


class PickupPayment(models.Model):
    """Money taken at the pickup point, once per client-made UUID."""

    class Mode(models.TextChoices):
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        CARD = "card", _("Card terminal")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("payment"), max_length=10, choices=Mode.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    client_uuid = models.UUIDField(unique=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pickup_payment_positive")
        ]
        indexes = [models.Index(fields=["order"])]

    def __str__(self) -> str:
        return f"{self.amount} {self.mode} order {self.order_id}"


class DeliveryLocation(models.Model):
    """Where a home delivery goes, on the map, for planning the round."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="delivery_location"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    def __str__(self) -> str:
        return f"order {self.order_id} at {self.latitude}, {self.longitude}"
