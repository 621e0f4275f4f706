"""How storage classes, units and quantities read on documents."""

from decimal import Decimal

from shop.catalogue.models import StorageClass, Unit


def storage_label(value: str) -> str:
    try:
        return str(StorageClass(value).label)
    except ValueError:
        return value


def unit_label(value: str) -> str:
    try:
        return str(Unit(value).label)
    except ValueError:
        return value


def plain_number(value: Decimal | None) -> str:
    """2.500 → "2,5": no useless zeros, a decimal comma."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
