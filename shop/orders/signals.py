"""Telling the storefront's cache that what is on offer in a cycle changed."""

from django.core.cache import cache
from django.dispatch import Signal

VERSION_KEY = "storefront:offer-version:{cycle_id}"
CATALOGUE_KEY = "storefront:catalogue-version"


def offer_version(cycle_id: int) -> str:
    """Changes whenever the cycle's offer or the catalogue changes."""
    keys = [VERSION_KEY.format(cycle_id=cycle_id), CATALOGUE_KEY]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = 1
            cache.add(key, 1, timeout=None)
    return f"{found[keys[0]]}.{found[keys[1]]}"


def catalogue_changed() -> None:
    """A product, variant, photo, producer or category changed: every grid is stale."""
    _bump(CATALOGUE_KEY)


def offer_changed(cycle_id: int) -> None:
    """Bump the cycle's version: cached product grids of older versions are ignored."""
    _bump(VERSION_KEY.format(cycle_id=cycle_id))


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


# Sent on commit after `order_place` (kwargs: order_id, changed: True when the
# order replaced the customer's live one). E-mails listen (shop.messaging).
order_placed = Signal()
