"""Consumers paying their collective: settings, saved cards, payments, refunds, memberships.

These tables live in each collective's schema. Online payments go to the
collective's own Stripe account (Connect, direct charges); card numbers never
reach us, only Stripe's ids.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_AMOUNT = {"max_digits": 10, "decimal_places": 2, "default": Decimal("0.00")}


class PaymentSettings(models.Model):
    """One row per collective: how its consumers may pay, and its membership."""

    pay_at_pickup = models.BooleanField(_("payment at pickup"), default=True)
    accepts_cash = models.BooleanField(_("cash"), default=True)
    accepts_cheque = models.BooleanField(_("cheque"), default=True)
    accepts_card_terminal = models.BooleanField(_("card terminal"), default=False)
    pay_online = models.BooleanField(_("online payment by card"), default=False)
    # The collective's own Stripe account (Connect); mirrored in the public
    # schema (billing.ConnectedAccount) to route its webhooks here.
    connected_account_id = models.CharField(max_length=64, blank=True)
    charges_enabled = models.BooleanField(default=False)
    membership_required = models.BooleanField(
        _("membership required before ordering"), default=False
    )
    membership_amount = models.DecimalField(
        _("yearly membership fee"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("200.00"))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment settings")

    def __str__(self) -> str:
        return "payment settings"

    @classmethod
    def load(cls) -> "PaymentSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row

    @property
    def online_ready(self) -> bool:
        """Consumers may pay online: chosen, connected, and Stripe lets the account charge."""
        return self.pay_online and bool(self.connected_account_id) and self.charges_enabled

    @property
    def pickup_modes(self) -> list[str]:
        modes = [
            (self.accepts_cash, _("cash")),
            (self.accepts_cheque, _("cheque")),
            (self.accepts_card_terminal, _("card")),
        ]
        return [str(label) for accepted, label in modes if accepted]


class PaymentCustomer(models.Model):
    """The consumer as a customer of the collective's Stripe account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_customers"
    )
    account_id = models.CharField(max_length=64)
    customer_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "account_id"], name="one_customer_per_account")
        ]

    def __str__(self) -> str:
        return self.customer_id


class OrderPayment(models.Model):
    """An order paid online: card saved at checkout, charged once the amount is final.

    `status` only moves forward (see `billing.payments.state`); the order's
    `payment_status` is derived from it in the same transaction, so the two
    never disagree.
    """

    class Status(models.TextChoices):
        AWAITING_CARD = "awaiting_card", _("Waiting for the card")
        CARD_SAVED = "card_saved", _("Card saved, charged when the order is final")
        PROCESSING = "processing", _("Payment processing")
        NEEDS_ACTION = "needs_action", _("Authentication required")
        FAILED = "failed", _("Payment failed")
        SUCCEEDED = "succeeded", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="online_payment"
    )
    account_id = models.CharField(max_length=64)
    customer_id = models.CharField(max_length=64, blank=True)
    setup_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    payment_method_id = models.CharField(max_length=64, blank=True)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    amount = models.DecimalField(_("amount charged"), **_AMOUNT)
    application_fee = models.DecimalField(**_AMOUNT)
    amount_refunded = models.DecimalField(_("amount refunded"), **_AMOUNT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_CARD)
    # Stripe's time of the latest state applied: older news never overwrite newer.
    state_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")) | Q(amount=0),
                name="refunded_at_most_charged",
            )
        ]

    def __str__(self) -> str:
        return f"payment of order {self.order_id}"

    @property
    def net_paid(self) -> Decimal:
        if self.status in (self.Status.SUCCEEDED, self.Status.REFUNDED):
            return self.amount - self.amount_refunded
        return Decimal("0.00")

    @property
    def refundable(self) -> Decimal:
        return self.net_paid


class Refund(models.Model):
    class Reason(models.TextChoices):
        SHORTAGE = "shortage", _("Shortage")
        CANCELLATION = "cancellation", _("Cancellation")
        OTHER = "other", _("Other")

    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    stripe_refund_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, default="pending")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive")]

    def __str__(self) -> str:
        return self.stripe_refund_id


class Membership(models.Model):
    """A member's yearly membership (adhésion), paid online or at pickup."""

    class Status(models.TextChoices):
        DUE = "due", _("To pay at pickup")
        PENDING = "pending", _("Online payment started")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online by card")
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        CARD_TERMINAL = "card_terminal", _("Card at pickup")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=6, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    mode = models.CharField(max_length=15, choices=Mode.choices, blank=True)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Taken by a depot keeper at this distribution: it belongs in the point's till.
    taken_at = models.ForeignKey(
        "cycles.Distribution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A card payment that went through after the membership was paid at pickup:
    # its full refund, when it was asked of Stripe and how it stands (Stripe's
    # refund status, kept up to date by its events; shown beside the membership).
    card_refund_asked_at = models.DateTimeField(null=True, blank=True)
    card_refund_id = models.CharField(max_length=64, blank=True, db_index=True)
    card_refund_status = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "year"], name="one_membership_per_year")
        ]

    def __str__(self) -> str:
        return f"membership {self.year} of {self.user_id}"

    @property
    def lets_order(self) -> bool:
        """Paid, or promised at pickup: enough to place a first order."""
        return self.status in (self.Status.PAID, self.Status.DUE)
