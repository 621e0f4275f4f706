"""State changes of a collective (the tenant). One function per change."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Collective, Domain, validate_time_zone
from tenants.reserve import claim_spare_schema
from tenants.schema_template import create_schema_from_template, current_template
from tenants.slugs import schema_name_for, validate_slug

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CollectiveDetails:
    name: str
    slug: str
    territory: str = ""
    time_zone: str = "Europe/Paris"
    contact_email: str = ""


def primary_host_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def collective_provision(
    *, details: CollectiveDetails, status: str = Collective.Status.ACTIVE
) -> Collective:
    """Create a collective with its schema and primary domain, all or nothing.

    The schema is a spare one renamed (see `tenants.reserve`) or else a copy of
    the template (see `tenants.schema_template`): no migration runs here. Slug rules: see `tenants.slugs.validate_slug`; a slug
    already used by a collective or a domain is refused.
    """
    slug = details.slug.strip()
    validate_slug(slug)
    if not details.name.strip():
        raise ValidationError({"name": _("Give the collective a name.")})
    validate_time_zone(details.time_zone)
    _refuse_taken_slug(slug)
    template = current_template()  # may rebuild, which must happen outside our transaction
    try:
        with transaction.atomic():
            connection.set_schema_to_public()
            collective = Collective(
                schema_name=schema_name_for(slug),
                slug=slug,
                name=details.name.strip(),
                territory=details.territory.strip(),
                time_zone=details.time_zone,
                contact_email=details.contact_email.strip().lower(),
                status=status,
                status_changed_at=timezone.now(),
                migration_fingerprint=template.fingerprint,
            )
            collective.save()
            if not claim_spare_schema(collective.schema_name, template.fingerprint):
                create_schema_from_template(collective.schema_name)
            Domain.objects.create(domain=primary_host_for(slug), tenant=collective, is_primary=True)
    except IntegrityError:
        # Two sign-ups raced for the same subdomain: the loser is told plainly.
        raise ValidationError(
            {"slug": _("This subdomain is already taken.")}, code="taken"
        ) from None
    if settings.PROVISIONING_RESERVE:
        from tenants.tasks import refill_spare_schemas

        transaction.on_commit(refill_spare_schemas.delay)
    logger.info("Collective %s provisioned", slug)
    return collective


def _refuse_taken_slug(slug: str) -> None:
    taken = (
        Collective.objects.filter(slug=slug).exists()
        or Collective.objects.filter(schema_name=schema_name_for(slug)).exists()
        or Domain.objects.filter(domain=primary_host_for(slug)).exists()
    )
    if taken:
        raise ValidationError({"slug": _("This subdomain is already taken.")}, code="taken")


def _set_status(collective: Collective, status: str) -> Collective:
    collective.status = status
    collective.status_changed_at = timezone.now()
    Collective.objects.filter(pk=collective.pk).update(
        status=status, status_changed_at=collective.status_changed_at
    )
    return collective


def collective_suspend(*, collective: Collective) -> Collective:
    """Consumers see a maintenance page; the collective's admins can still sign in."""
    return _set_status(collective, Collective.Status.SUSPENDED)


def collective_reactivate(*, collective: Collective) -> Collective:
    return _set_status(collective, Collective.Status.ACTIVE)


def domain_add(*, collective: Collective, domain: str) -> Domain:
    """Attach a custom domain (e.g. drive.panierdespres.fr) to a collective."""
    host = domain.strip().lower().rstrip(".")
    if not host or "." not in host or any(c in host for c in "/: "):
        raise ValidationError({"domain": _("Enter a host name such as drive.example.fr.")})
    if host == settings.PLATFORM_DOMAIN or host.endswith("." + settings.PLATFORM_DOMAIN):
        raise ValidationError({"domain": _("Subdomains of the platform cannot be added.")})
    if Domain.objects.filter(domain=host).exists():
        raise ValidationError({"domain": _("This domain is already in use.")})
    return Domain.objects.create(domain=host, tenant=collective, is_primary=False)


# --- Legal identity -----------------------------------------------------------

# La Poste's establishments share one SIREN and follow their own check rule.
_LA_POSTE_SIREN = "356000000"


def clean_siret(value: str) -> str:
    """A SIRET without its spaces, checked: 14 digits with a valid check digit (Luhn).

    Empty stays empty (the number is optional where it is asked for).
    """
    siret = "".join(value.split())
    if not siret:
        return ""
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("A SIRET number has 14 digits."), code="siret_length")
    if siret.startswith(_LA_POSTE_SIREN):
        valid = sum(int(d) for d in siret) % 5 == 0
    else:
        total = 0
        for position, digit in enumerate(reversed(siret)):
            n = int(digit) * (2 if position % 2 else 1)
            total += n - 9 if n > 9 else n
        valid = total % 10 == 0
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid: please check its digits."), code="siret_checksum"
        )
    return siret


_IDENTITY_FIELDS = (
    "name",
    "legal_name",
    "legal_form",
    "siret",
    "vat_number",
    "address",
    "contact_email",
    "contact_phone",
    "time_zone",
)


def collective_update_identity(
    *,
    collective: Collective,
    name: str,
    legal_name: str = "",
    legal_form: str = "",
    siret: str = "",
    vat_number: str = "",
    address: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    time_zone: str = "Europe/Paris",
    by=None,
) -> Collective:
    """Change the collective's name, legal identity and contacts (public schema).

    The subdomain and the status are not changed here. The time zone must be a
    known IANA zone: deadlines and reminders are reckoned in it.
    """
    values = {
        "name": name.strip(),
        "legal_name": legal_name.strip(),
        "legal_form": legal_form.strip(),
        "vat_number": "".join(vat_number.split()).upper(),
        "address": address.strip(),
        "contact_email": contact_email.strip().lower(),
        "contact_phone": contact_phone.strip(),
        "time_zone": time_zone.strip(),
    }
    errors: dict[str, list] = {}
    if not values["name"]:
        errors["name"] = [_("Give the collective a name.")]
    try:
        values["siret"] = clean_siret(siret)
    except ValidationError as error:
        errors["siret"] = error.messages
    candidate = Collective(**{**{f: getattr(collective, f) for f in _IDENTITY_FIELDS}, **values})
    try:
        candidate.clean_fields(
            exclude=[f.name for f in Collective._meta.fields if f.name not in _IDENTITY_FIELDS]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Collective.objects.filter(pk=collective.pk).update(**values)
    for field, value in values.items():
        setattr(collective, field, value)
    logger.info(
        "Identity of collective %s updated by %s", collective.slug, getattr(by, "email", None)
    )
    return collective
