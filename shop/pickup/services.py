"""Pickup points: adding and editing them.

Rules enforced here:
- a point closes after it opens, on its distribution day;
- home delivery serves at least one postcode; its fee and the amount above
  which it is free are never negative; postcodes are kept as "35000, 35510";
- depot keepers are members whose role is "depot keeper".
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groupage.accounts.models import Role, User
from shop.money import quantize
from shop.pickup.models import PickupPoint

logger = logging.getLogger(__name__)

COORDINATE = Decimal("0.000001")
POSTCODE = re.compile(r"^[A-Za-z0-9-]{2,10}$")


@dataclass(frozen=True)
class PickupPointDetails:
    """Every field of `PickupPoint` but its keepers."""

    name: str
    kind: str
    weekday: int
    opens_at: time
    closes_at: time
    address: str = ""
    postcode: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: int | None = None
    cold_storage: bool = False
    instructions: str = ""
    minimum_order_amount: Decimal | None = None
    delivery_postcodes: str = ""
    delivery_fee: Decimal = Decimal("0.00")
    free_delivery_above: Decimal | None = None
    active: bool = True
    position: int = 0


def pickup_point_create(
    *, details: PickupPointDetails, keepers: Iterable[User] = (), by: User | None = None
) -> PickupPoint:
    """Add a pickup point with its depot keepers."""
    point = PickupPoint()
    _apply(point, details)
    keepers = _checked_keepers(keepers)
    _validate(point)
    with transaction.atomic():
        point.save()
        point.keepers.set(keepers)
    logger.info("Pickup point %s added by %s", point.pk, getattr(by, "pk", None))
    return point


def pickup_point_update(
    *,
    point: PickupPoint,
    details: PickupPointDetails,
    keepers: Iterable[User] = (),
    by: User | None = None,
) -> PickupPoint:
    """Change a pickup point and its depot keepers.

    Distributions already planned keep their date: a new distribution day
    applies to the cycles created from now on.
    """
    with transaction.atomic():
        point = PickupPoint.objects.select_for_update().get(pk=point.pk)
        _apply(point, details)
        keepers = _checked_keepers(keepers)
        _validate(point)
        point.save()
        point.keepers.set(keepers)
    logger.info("Pickup point %s changed by %s", point.pk, getattr(by, "pk", None))
    return point


def _apply(point: PickupPoint, details: PickupPointDetails) -> None:
    values = asdict(details)
    for field in ("name", "address", "postcode", "city", "instructions"):
        values[field] = values[field].strip()
    for field in ("latitude", "longitude"):
        if values[field] is not None:
            values[field] = Decimal(values[field]).quantize(COORDINATE, rounding=ROUND_HALF_UP)
    for field in ("minimum_order_amount", "free_delivery_above"):
        if values[field] is not None:
            values[field] = quantize(values[field])
    values["delivery_fee"] = quantize(values["delivery_fee"] or Decimal("0"))
    values["delivery_postcodes"] = ", ".join(values["delivery_postcodes"].replace(",", " ").split())
    for field, value in values.items():
        setattr(point, field, value)


def _checked_keepers(keepers: Iterable[User]) -> list[User]:
    keepers = list(keepers)
    if any(k.role != Role.DEPOT_KEEPER for k in keepers):
        raise ValidationError({"keepers": _("Depot keepers must have the depot keeper role.")})
    return keepers


def _validate(point: PickupPoint) -> None:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if point.opens_at and point.closes_at and point.closes_at <= point.opens_at:
        refuse("closes_at", _("The point must close after it opens."))
    for field, bound in (("latitude", 90), ("longitude", 180)):
        value = getattr(point, field)
        if value is not None and not -bound <= value <= bound:
            refuse(field, _("Must be between -%(bound)s and %(bound)s.") % {"bound": bound})
    postcodes = point.delivery_postcodes.replace(",", " ").split()
    if point.is_home_delivery and not postcodes:
        refuse("delivery_postcodes", _("Give the postcodes where you deliver."))
    bad = [code for code in postcodes if not POSTCODE.match(code)]
    if bad:
        refuse(
            "delivery_postcodes",
            _("These are not postcodes: %(codes)s.") % {"codes": ", ".join(bad)},
        )
    for field in ("delivery_fee", "free_delivery_above"):
        value = getattr(point, field)
        if value is not None and value < 0:
            refuse(field, _("An amount cannot be negative."))
    try:
        point.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
