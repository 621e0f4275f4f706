"""Telling the storefront's cache that what is on offer in a cycle changed."""

from django.core.cache import cache

VERSION_KEY = "storefront:offer-version:{cycle_id}"


def offer_version(cycle_id: int) -> int:
    return cache.get_or_set(VERSION_KEY.format(cycle_id=cycle_id), 1, timeout=None)


def offer_changed(cycle_id: int) -> None:
    """Bump the cycle's version: cached product grids of older versions are ignored."""
    key = VERSION_KEY.format(cycle_id=cycle_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)
