"""Prices as a buyer sees them: households VAT-included, professionals VAT-excluded.

Line amounts follow the one rule of `shop.money`: unit price × quantity,
rounded to the cent once per line. For variable-weight products the unit
price is per kg and the quantity is pieces × estimated (later actual) weight.
"""

from decimal import Decimal

from shop.catalogue.models import Variant
from shop.money import excl_from_incl, line_amount


def unit_price(variant: Variant, *, professional: bool) -> Decimal:
    """The price per unit (or per kg) the buyer pays, in their price list."""
    if not professional:
        return variant.price
    if variant.pro_price is not None:
        return variant.pro_price
    return excl_from_incl(variant.price, variant.product.vat_rate)


def billed_quantity(variant: Variant, quantity: Decimal) -> Decimal:
    """What the price multiplies: pieces, or their estimated weight in kg."""
    if variant.product.variable_weight and variant.estimated_weight_kg:
        return quantity * variant.estimated_weight_kg
    return quantity


def estimated_line_amount(variant: Variant, quantity: Decimal, *, professional: bool) -> Decimal:
    return line_amount(
        unit_price(variant, professional=professional), billed_quantity(variant, quantity)
    )
