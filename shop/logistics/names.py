"""How storage classes, units and quantities read on documents."""

from decimal import Decimal

from django.utils.translation import ngettext

from shop.catalogue.models import StorageClass, Unit


def storage_label(value: str) -> str:
    try:
        return str(StorageClass(value).label)
    except ValueError:
        return value


def unit_label(value: str, quantity=None) -> str:
    """The unit, in the plural when the quantity calls for it: "1 jar", "2 jars", "1,5 kg"."""
    n = 1 if quantity is None or Decimal(quantity) <= 1 else 2
    match value:
        case "piece":
            return ngettext("piece", "pieces", n)
        case "jar":
            return ngettext("jar", "jars", n)
        case "bottle":
            return ngettext("bottle", "bottles", n)
        case "bunch":
            return ngettext("bunch", "bunches", n)
        case "box":
            return ngettext("box", "boxes", n)
        case "dozen":
            return ngettext("dozen", "dozen", n)
        case "l":
            return ngettext("litre", "litres", n)
    try:
        return str(Unit(value).label)
    except ValueError:
        return value


def counted_unit(unit: str, variable_weight: bool, estimated_weight_kg) -> str:
    """Variable-weight goods are ordered by the piece (their price is per kg)."""
    if variable_weight and estimated_weight_kg is not None:
        return "piece"
    return unit


def plain_number(value: Decimal | None) -> str:
    """2.500 → "2,5": no useless zeros, a decimal comma."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
