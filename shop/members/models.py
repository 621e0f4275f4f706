"""The collective's own settings and what it knows of its members."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #2f6b3a."))


class ShopSettings(models.Model):
    """One row per collective: its shop's look and rules."""

    logo = models.ImageField(_("logo"), upload_to="branding/", blank=True)
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#2f6b3a", validators=[colour_validator]
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = models.TextField(_("about the collective"), blank=True)
    rules = models.TextField(_("internal rules"), blank=True)
    charter = models.TextField(_("charter"), blank=True)
    minimum_order_amount = models.DecimalField(
        _("minimum order amount"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder, hours before the deadline"), default=24
    )
    is_open = models.BooleanField(_("shop open to consumers"), default=True)

    class Meta:
        verbose_name = _("shop settings")

    def __str__(self) -> str:
        return "shop settings"

    @classmethod
    def load(cls) -> "ShopSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    default_pickup_point = models.ForeignKey(
        "pickup.PickupPoint",
        verbose_name=_("default pickup point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    reminders_opt_out = models.BooleanField(_("no deadline reminders"), default=False)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class ProfessionalAccount(models.Model):
    """A restaurant, shop or canteen buying at professional prices once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional"
    )
    company_name = models.CharField(_("company name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    billing_address = models.TextField(_("billing address"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
