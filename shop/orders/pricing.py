"""Prices as a buyer sees them: households VAT-included, professionals VAT-excluded.

Line amounts follow the one rule of `shop.money`: unit price × quantity,
rounded to the cent once per line. For variable-weight products the unit
price is per kg and the quantity is pieces × estimated (later actual) weight.
A professional without a price of their own pays the households' line without
its VAT. Checkout, weighing and shortages all go through `amount_of`.
"""

from decimal import Decimal

from shop.catalogue.models import Variant
from shop.money import excl_from_incl, line_amount, totals_for


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


def incl_vat_unit_price(variant: Variant, *, professional: bool) -> Decimal | None:
    """The VAT-included price a professional's line is worked out from, if any."""
    return variant.price if professional and variant.pro_price is None else None


def amount_of(
    *, unit_price: Decimal, billed: Decimal, vat_rate: Decimal, incl_vat_unit_price=None
) -> Decimal:
    """A line's amount, rounded once: from the VAT-included price when the line
    is worked out from one (300 × 1,00 € TTC at 5,5 % is 284,36 € HT, not
    300 × 0,95 €), else unit price × what is billed."""
    if incl_vat_unit_price is not None:
        return excl_from_incl(line_amount(incl_vat_unit_price, billed), vat_rate)
    return line_amount(unit_price, billed)


def estimated_line_amount(variant: Variant, quantity: Decimal, *, professional: bool) -> Decimal:
    """The line's amount at checkout (variable weight: at the estimated weight)."""
    return amount_of(
        unit_price=unit_price(variant, professional=professional),
        billed=billed_quantity(variant, quantity),
        vat_rate=variant.product.vat_rate,
        incl_vat_unit_price=incl_vat_unit_price(variant, professional=professional),
    )


def billed_amount(line, billed: Decimal) -> Decimal:
    """An order line's amount for what is now billed (a weight, fewer pieces)."""
    return amount_of(
        unit_price=line.unit_price,
        billed=billed,
        vat_rate=line.vat_rate,
        incl_vat_unit_price=line.incl_vat_unit_price,
    )


def set_totals(order, rate_amounts) -> None:
    """The order's totals from its lines' (VAT rate, amount) pairs: the products'
    totals excluding VAT and their VAT; the total to pay adds the delivery fee
    (VAT included, the collective's own sale). Sets the fields, saves nothing."""
    totals = totals_for(rate_amounts, prices_incl_vat=not order.is_professional)
    order.total_excl_vat = totals.total_excl
    order.total_vat = totals.total_vat
    order.total_incl_vat = totals.total_incl + order.delivery_fee
