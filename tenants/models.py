"""Collectives (tenants) and the host names they answer on (public schema)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone."), params={"zone": value})


class Collective(TenantMixin):
    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Being set up")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("subdomain"), max_length=40, unique=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONING
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    # Fingerprint of the tenant migrations applied to this schema: lets fleet
    # operations see at a glance which schemas are behind.
    migration_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    # Schemas are made by `tenants.services.collective_provision`, by cloning
    # the template schema, never by running every migration on save.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.domain


class SchemaTemplate(models.Model):
    """The SQL recipe of an empty, fully migrated collective schema.

    Provisioning replays this recipe instead of running every migration. It
    is rebuilt when the tenant migrations on disk change (new fingerprint).
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    recipe = models.TextField()
    built_at = models.DateTimeField(auto_now_add=True)
    build_seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"template {self.fingerprint[:12]}"


class SpareSchema(models.Model):
    """A schema made ahead of need from the template, waiting for a new collective.

    Claiming one is a rename, a few milliseconds; spares of an older template
    (another fingerprint) are never claimed and get dropped by the refill.
    """

    name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
