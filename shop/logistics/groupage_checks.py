"""Ticking off at the collection point what each producer brought."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.models import GroupageCheck
from shop.logistics.reports.groupage import groupage_sheet


def groupage_record(
    *, cycle: OrderCycle, producer: Producer, received: dict[int, object], by=None
) -> int:
    """Record what arrived of each of the producer's variants; what is short is then known.

    Only variants the producer has to bring for this cycle are accepted; an
    empty value leaves the line unchecked.
    """
    expected = {
        row.variant_id: row.expected
        for sheet in groupage_sheet(cycle, producer=producer)
        for row in sheet.rows
    }
    values = {}
    for variant_id, raw in received.items():
        if str(raw).strip() == "":
            continue
        if int(variant_id) not in expected:
            raise ValidationError(_("This product is not expected from this producer."))
        values[int(variant_id)] = _quantity(raw)
    with transaction.atomic():
        for variant_id, quantity in values.items():
            GroupageCheck.objects.update_or_create(
                cycle=cycle,
                variant_id=variant_id,
                defaults={
                    "producer": producer,
                    "expected": expected[variant_id],
                    "received": quantity,
                    "checked_by": by,
                },
            )
    return len(values)


def _quantity(raw) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("Write the quantities received as numbers, e.g. 12 or 2,5.")
        ) from None
    if not value.is_finite() or value < 0 or value > Decimal("9999999"):
        raise ValidationError(_("Write the quantities received as numbers, e.g. 12 or 2,5."))
    return value.quantize(Decimal("0.001"))
