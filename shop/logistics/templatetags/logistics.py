from django import template

from shop.logistics.names import storage_label as _storage_label
from shop.logistics.names import unit_label as _unit_label

register = template.Library()


@register.filter
def storage_label(value: str) -> str:
    return _storage_label(value)


@register.filter
def unit_label(value: str, quantity=None) -> str:
    """`unit|unit_label:quantity`: "jar", "jars", "kg"."""
    return _unit_label(value, quantity)


@register.filter
def get(mapping, key):
    """`mapping|get:key`, for dictionaries keyed by something a template cannot spell."""
    return mapping.get(key) if mapping else None
