"""State changes of a collective's set-up: inviting producers, payment modes, opening."""

import logging
import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.catalogue.producers import ProducerDetails, producer_create
from shop.cycles.models import CycleSchedule
from shop.members.models import ShopSettings
from shop.onboarding.models import PaymentModes
from shop.pickup.models import PickupPoint

logger = logging.getLogger(__name__)

MAX_INVITATIONS = 50
_LINE = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<angle>[^<>]+)>|(?P<bare>\S+))\s*$")


@dataclass(frozen=True)
class Invitation:
    name: str
    email: str


def parse_invitations(text: str) -> list[Invitation]:
    """One producer a line: `jane@farm.fr` or `Ferme des Saules <jane@farm.fr>`.

    Every line is checked before anything is stored; the error names the lines.
    """
    invitations, bad = [], []
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line)
        email = ((match and (match["angle"] or match["bare"])) or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            bad.append(str(number))
            continue
        name = (match["name"] or "").strip() or email.split("@")[0]
        invitations.append(Invitation(name=name, email=email))
    if bad:
        raise ValidationError(
            {
                "emails": [
                    _("Not an e-mail address on line(s) %(lines)s.") % {"lines": ", ".join(bad)}
                ]
            }
        )
    if not invitations:
        raise ValidationError({"emails": [_("Give at least one e-mail address.")]})
    if len(invitations) > MAX_INVITATIONS:
        raise ValidationError(
            {"emails": [_("At most %(n)s producers at once.") % {"n": MAX_INVITATIONS}]}
        )
    return invitations


def producers_invite(*, text: str, site_url: str, by=None) -> int:
    """Add each producer listed and e-mail them a link to make their account; all or none."""
    invitations = parse_invitations(text)
    with transaction.atomic():
        for invitation in invitations:
            producer_create(
                details=ProducerDetails(
                    name=invitation.name, farm_name=invitation.name, email=invitation.email
                ),
                create_account=True,
                site_url=site_url,
                by=by,
            )
    return len(invitations)


def payment_modes_choose(
    *, at_pickup: bool, online: bool, bank_transfer: bool, by=None
) -> PaymentModes:
    """Consumers must have at least one way to pay."""
    if not (at_pickup or online or bank_transfer):
        raise ValidationError(_("Choose at least one way to pay."))
    with transaction.atomic():
        row = PaymentModes.load()
        row.at_pickup, row.online, row.bank_transfer = at_pickup, online, bank_transfer
        row.chosen_at = timezone.now()
        row.save()
    logger.info("Payment modes chosen by %s", getattr(by, "pk", None))
    return row


def payment_modes_confirm(*, by=None) -> PaymentModes:
    """The modes set in the payment settings (billing) are the right ones."""
    with transaction.atomic():
        row = PaymentModes.load()
        row.chosen_at = timezone.now()
        row.save()
    return row


def billing_payment_settings():
    """The payment settings of the billing area when it is installed, else None."""
    if not apps.is_installed("billing.payments"):
        return None
    from billing.payments.models import PaymentSettings

    return PaymentSettings.load()


def shop_open(*, by=None) -> ShopSettings:
    """A shop opens once consumers have somewhere to collect and a cycle to order in."""
    errors = []
    if not PickupPoint.objects.filter(active=True).exists():
        errors.append(_("Add at least one pickup point first."))
    if not CycleSchedule.objects.filter(active=True).exists():
        errors.append(_("Set the weekly cycle first."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = ShopSettings.load()
        row.is_open = True
        row.save(update_fields=["is_open"])
    logger.info("Shop opened by %s", getattr(by, "pk", None))
    return row
