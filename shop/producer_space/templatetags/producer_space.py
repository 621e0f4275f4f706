from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import formats

register = template.Library()


@register.simple_tag(takes_context=True)
def space_url(context, name: str, *args) -> str:
    """A URL of the producer space, keeping the producer an admin works for."""
    return reverse(name, args=args) + context.get("space_query", "")


@register.filter
def quantity(value) -> str:
    """A decimal without useless zeros, in the page's language: 2.500 → "2,5" in French."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        return str(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
