"""A consumer's own changes: their profile and their request for professional prices."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shop.members.models import ProfessionalAccount, Profile
from shop.pickup.models import PickupPoint


def profile_update(
    *,
    user,
    first_name: str,
    last_name: str,
    phone: str,
    language: str,
    default_pickup_point: PickupPoint | None,
    reminders_opt_out: bool,
) -> Profile:
    if language not in ("fr", "en"):
        raise ValidationError({"language": _("Choose French or English.")})
    if default_pickup_point is not None and not default_pickup_point.active:
        raise ValidationError({"default_pickup_point": _("This pickup point is closed.")})
    with transaction.atomic():
        user.first_name = first_name.strip()[:150]
        user.last_name = last_name.strip()[:150]
        user.phone = phone.strip()[:30]
        user.language = language
        user.save(update_fields=["first_name", "last_name", "phone", "language"])
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.default_pickup_point = default_pickup_point
        profile.reminders_opt_out = reminders_opt_out
        profile.save()
    return profile


def professional_request(
    *, user, company_name: str, siret: str, vat_number: str, billing_address: str
) -> ProfessionalAccount:
    """Ask for professional prices; the collective approves or refuses."""
    siret = siret.replace(" ", "")
    errors = {}
    if not company_name.strip():
        errors["company_name"] = _("Give the company's name.")
    if not (siret.isdigit() and len(siret) == 14):
        errors["siret"] = _("A SIRET number has 14 digits.")
    if not billing_address.strip():
        errors["billing_address"] = _("Give the billing address.")
    if errors:
        raise ValidationError(errors)
    account, _created = ProfessionalAccount.objects.update_or_create(
        user=user,
        defaults={
            "company_name": company_name.strip(),
            "siret": siret,
            "vat_number": vat_number.strip().upper(),
            "billing_address": billing_address.strip(),
            "status": ProfessionalAccount.Status.PENDING,
            "decided_at": None,
            "decided_by": None,
        },
    )
    return account
