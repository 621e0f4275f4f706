"""The collective's invoicing settings and its partner points' commissions."""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shop.invoicing.models import InvoicingSettings, PickupPointCommission
from shop.pickup.models import PickupPoint

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = (
    "commission_rate",
    "commission_vat_rate",
    "delivery_vat_rate",
    "collective_vat_exempt",
    "payment_terms_days",
    "late_penalty_rate",
    "auto_issue_days",
)
PARTNER_FIELDS = ("legal_name", "siret", "vat_number", "vat_exempt", "address")


def invoicing_settings_update(*, by=None, **values) -> InvoicingSettings:
    """Change the settings; they apply to invoices issued from now on, never to issued ones."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        row = InvoicingSettings.load()
        row = InvoicingSettings.objects.select_for_update().get(pk=row.pk)
        for name, value in values.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        row.full_clean()
        row.save()
    logger.info("Invoicing settings changed by %s", getattr(by, "pk", None))
    return row


def pickup_commission_set(
    *, point: PickupPoint, rate: Decimal | None, by=None, **partner
) -> PickupPointCommission | None:
    """Set the partner point's commission and identity; no rate removes the commission."""
    unknown = set(partner) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if not rate:
            PickupPointCommission.objects.filter(point=point).delete()
            logger.info("Commission of point %s removed by %s", point.pk, getattr(by, "pk", None))
            return None
        row = PickupPointCommission.objects.filter(point=point).first() or PickupPointCommission(
            point=point
        )
        row.rate = rate
        for name, value in partner.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        row.siret = "".join(row.siret.split())
        row.vat_number = "".join(row.vat_number.split()).upper()
        if row.siret and not (len(row.siret) == 14 and row.siret.isdigit()):
            raise ValidationError({"siret": [_("A SIRET number has 14 digits.")]})
        row.full_clean()
        row.save()
    logger.info("Commission of point %s set by %s", point.pk, getattr(by, "pk", None))
    return row
