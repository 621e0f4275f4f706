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
    """The line's amount, rounded once: a professional without a price of their
    own pays the households' line without its VAT, not a rounded unit price
    multiplied (300 × 1,00 € TTC at 5,5 % is 284,36 € HT, not 300 × 0,95 €)."""
    quantity = billed_quantity(variant, quantity)
    if professional and variant.pro_price is None:
        return excl_from_incl(line_amount(variant.price, quantity), variant.product.vat_rate)
    return line_amount(unit_price(variant, professional=professional), quantity)
