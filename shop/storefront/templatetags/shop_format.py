"""Amounts and quantities the way people read them: `12,50 €`, `1,5 kg`, `Date :`."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def euros(value) -> str:
    if value is None or value == "":
        return ""
    return f"{number_format(Decimal(value), 2, use_l10n=True)}\u00a0€"


@register.filter
def qty(value) -> str:
    """A quantity without useless decimals: 2, 1,5, 0,25."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return str(int(number))
    return number_format(number, use_l10n=True)


@register.filter
def vat(value) -> str:
    if value is None:
        return ""
    number = Decimal(value).normalize()
    text = (
        str(int(number))
        if number == number.to_integral_value()
        else number_format(number, use_l10n=True)
    )
    return f"{text}\u00a0%"


@register.simple_tag
def colon() -> str:
    """A label's colon: French puts a no-break space before it (« Date : »)."""
    return "\u00a0:" if (get_language() or "").startswith("fr") else ":"
