"""Who sells and who buys, as printed on an invoice: snapshots and their checks.

Every identity is a plain dict frozen into the invoice. The checks collect
what is missing into `Problems`, each message telling the admin what to fill
in and where, so that issuance stops before anything is written.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shop.catalogue.models import Producer
from shop.invoicing.models import InvoicingSettings, PickupPointCommission

_POSTCODE_CITY = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")


class Problems:
    """What stops issuance, gathered so the admin sees everything at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _siret_ok(siret: str) -> bool:
    return len(siret) == 14 and siret.isdigit()


def _address(lines: str, postcode: str = "", city: str = "") -> dict:
    """An address for display (`lines`) and for the e-invoice (street, postcode, city)."""
    rows = [row.strip() for row in lines.splitlines() if row.strip()]
    if not postcode and rows:
        match = _POSTCODE_CITY.match(rows[-1])
        if match:
            postcode, city = match.groups()
            rows = rows[:-1]
    shown = [*rows, f"{postcode} {city}".strip()] if (postcode or city) else rows
    return {
        "lines": [row for row in shown if row],
        "street": rows[0] if rows else "",
        "postcode": postcode,
        "city": city,
        "country": "FR",
    }


def collective_identity(collective, problems: Problems) -> dict:
    """The collective as the seller (or buyer) of its own invoices: full legal identity."""
    settings_row = InvoicingSettings.load()
    where = _("in the back-office, Legal identity")
    if not collective.legal_name.strip():
        problems.add(_("Fill in the collective's legal name (%(where)s).") % {"where": where})
    if not _siret_ok(collective.siret):
        problems.add(_("Fill in the collective's SIRET (%(where)s).") % {"where": where})
    if not collective.address.strip():
        problems.add(_("Fill in the collective's address (%(where)s).") % {"where": where})
    if not settings_row.collective_vat_exempt and not collective.vat_number.strip():
        problems.add(
            _(
                "Fill in the collective's VAT number (%(where)s), or mark the collective "
                "VAT exempt in the invoicing settings."
            )
            % {"where": where}
        )
    return {
        "name": collective.legal_name or collective.name,
        "trade_name": collective.name,
        "legal_form": collective.legal_form,
        "siret": collective.siret,
        "siren": collective.siret[:9],
        "vat_number": collective.vat_number,
        "vat_exempt": settings_row.collective_vat_exempt,
        "address": _address(collective.address),
        "email": collective.contact_email,
    }


def mandatary(collective) -> dict:
    """The collective as the issuer of its producers' invoices (billing mandate)."""
    return {"name": collective.legal_name or collective.name, "siret": collective.siret}


def producer_identity(producer: Producer, problems: Problems) -> dict:
    where = _("in the back-office, Producers › %(farm)s") % {"farm": producer.farm_name}
    names = {"farm": producer.farm_name, "where": where}
    if not _siret_ok(producer.siret):
        problems.add(_("Fill in the SIRET of %(farm)s (%(where)s).") % names)
    if not (producer.address.strip() and producer.postcode.strip() and producer.city.strip()):
        problems.add(_("Fill in the address of %(farm)s (%(where)s).") % names)
    if not producer.vat_exempt and not producer.vat_number.strip():
        problems.add(
            _("Fill in the VAT number of %(farm)s, or mark it VAT exempt (%(where)s).") % names
        )
    return {
        "name": producer.farm_name,
        "person": producer.name,
        "siret": producer.siret,
        "siren": producer.siret[:9],
        "vat_number": producer.vat_number,
        "vat_exempt": producer.vat_exempt,
        "address": _address(producer.address, producer.postcode, producer.city),
        "email": producer.email,
        "code": f"P{producer.pk:04d}",
    }


def household_identity(user, profile=None, delivery_address: str = "") -> dict:
    """A household: name and, where known, address (not required for a consumer)."""
    if profile is not None and profile.address.strip():
        address = _address(profile.address, profile.postcode, profile.city)
    else:
        address = _address(delivery_address)
    return {
        "name": user.get_full_name() or user.email,
        "email": user.email,
        "address": address,
        "professional": False,
        "code": f"U{user.pk:06d}",
    }


def professional_identity(user, account, problems: Problems) -> dict:
    """A professional buyer: company, SIRET, VAT number and billing address are required."""
    who = user.get_full_name() or user.email
    where = _("in the back-office, Members › %(who)s") % {"who": who}
    if account is None:
        problems.add(
            _("%(who)s ordered at professional prices but has no professional account (%(where)s).")
            % {"who": who, "where": where}
        )
        return {"name": who, "email": user.email, "address": _address(""), "professional": True}
    names = {"company": account.company_name or who, "where": where}
    if not account.company_name.strip():
        problems.add(_("Fill in the company name of %(company)s (%(where)s).") % names)
    if not _siret_ok(account.siret):
        problems.add(_("Fill in the SIRET of %(company)s (%(where)s).") % names)
    if not account.billing_address.strip():
        problems.add(_("Fill in the billing address of %(company)s (%(where)s).") % names)
    return {
        "name": account.company_name,
        "contact": who,
        "email": user.email,
        "siret": account.siret,
        "siren": account.siret[:9],
        "vat_number": account.vat_number,
        "address": _address(account.billing_address),
        "professional": True,
        "code": f"U{user.pk:06d}",
    }


def partner_identity(commission: PickupPointCommission, problems: Problems) -> dict:
    """A partner pickup point, seller of its commission (self-billed by the collective)."""
    point = commission.point
    where = _("in the back-office, Invoicing › Settings, %(point)s") % {"point": point.name}
    names = {"point": point.name, "where": where}
    if not commission.legal_name.strip():
        problems.add(_("Fill in the legal name of %(point)s (%(where)s).") % names)
    if not _siret_ok(commission.siret):
        problems.add(_("Fill in the SIRET of %(point)s (%(where)s).") % names)
    if not (commission.address.strip() or point.address.strip()):
        problems.add(_("Fill in the address of %(point)s (%(where)s).") % names)
    if not commission.vat_exempt and not commission.vat_number.strip():
        problems.add(
            _("Fill in the VAT number of %(point)s, or mark it VAT exempt (%(where)s).") % names
        )
    address = (
        _address(commission.address)
        if commission.address.strip()
        else _address(point.address, point.postcode, point.city)
    )
    return {
        "name": commission.legal_name or point.name,
        "trade_name": point.name,
        "siret": commission.siret,
        "siren": commission.siret[:9],
        "vat_number": commission.vat_number,
        "vat_exempt": commission.vat_exempt,
        "address": address,
        "self_billed": True,
        "code": f"D{point.pk:04d}",
    }
