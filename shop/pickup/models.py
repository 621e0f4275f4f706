"""Pickup points (points de dépôt) and home delivery zones."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PickupPoint(models.Model):
    class Kind(models.TextChoices):
        FARM = "farm", _("Farm")
        SHOP = "shop", _("Shop")
        ARTISAN = "artisan", _("Artisan")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        WORKS_COUNCIL = "works_council", _("Works council")
        PRIVATE_HOME = "private_home", _("Private home")
        RESTAURANT = "restaurant", _("Restaurant")
        HOME_DELIVERY = "home_delivery", _("Home delivery")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("distribution day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    capacity = models.PositiveIntegerField(
        _("maximum orders per distribution"), null=True, blank=True
    )
    cold_storage = models.BooleanField(_("cold storage"), default=False)
    instructions = models.TextField(_("instructions"), blank=True)
    minimum_order_amount = models.DecimalField(
        _("minimum order amount (overrides the collective's)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Home delivery: postcodes served, fee, free above an amount.
    delivery_postcodes = models.CharField(_("postcodes served"), max_length=300, blank=True)
    delivery_fee = models.DecimalField(
        _("delivery fee"), max_digits=6, decimal_places=2, default=Decimal("0.00")
    )
    free_delivery_above = models.DecimalField(
        _("free delivery above"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="kept_points",
        verbose_name=_("depot keepers"),
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_home_delivery(self) -> bool:
        return self.kind == self.Kind.HOME_DELIVERY

    def serves_postcode(self, postcode: str) -> bool:
        return postcode.strip() in self.delivery_postcodes.replace(",", " ").split()
