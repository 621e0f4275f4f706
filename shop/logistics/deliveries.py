"""Home deliveries on the map, so that the delivery round can take them in."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shop.logistics.models import DeliveryLocation
from shop.orders.models import Order

PLACES = Decimal("0.000001")


def delivery_location_set(*, order: Order, latitude, longitude) -> DeliveryLocation:
    """Where a home-delivered order goes, in degrees (e.g. 48,1173 and -1,6778)."""
    if not order.pickup_point.is_home_delivery:
        raise ValidationError(_("Only home deliveries are placed on the map."))
    lat, lon = _degrees(latitude), _degrees(longitude)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("These coordinates are not on Earth."))
    location, _created = DeliveryLocation.objects.update_or_create(
        order=order, defaults={"latitude": lat, "longitude": lon}
    )
    return location


def _degrees(value) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give the coordinates in degrees, e.g. 48,1173.")) from None
    if not number.is_finite():
        raise ValidationError(_("Give the coordinates in degrees, e.g. 48,1173."))
    return number.quantize(PLACES)
