"""The basket, kept in the session (which lives in the collective's schema).

It holds only ids and quantities: prices and availability are always read
again from the offer, so nothing the browser sends can change a price.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext as _

SESSION_KEY = "cart"
MAX_QUANTITY = Decimal("999")


class BadQuantity(ValueError):
    pass


def parse_quantity(raw: str | None, *, fractional: bool) -> Decimal:
    """A quantity typed by a person: '2', '1,5' (kg) — never negative or absurd."""
    text = (raw or "").strip().replace(",", ".")
    try:
        quantity = Decimal(text)
    except InvalidOperation:
        raise BadQuantity(_("“%(value)s” is not a quantity.") % {"value": raw}) from None
    if not quantity.is_finite() or quantity < 0:
        raise BadQuantity(_("A quantity cannot be negative."))
    if quantity > MAX_QUANTITY:
        raise BadQuantity(_("At most %(max)s per product.") % {"max": MAX_QUANTITY})
    if not fractional and quantity != quantity.to_integral_value():
        raise BadQuantity(_("This product is sold by whole units."))
    if fractional and quantity != quantity.quantize(Decimal("0.001")):
        raise BadQuantity(_("Use at most three decimals."))
    return quantity


@dataclass
class Cart:
    cycle_id: int | None = None
    point_id: int | None = None
    items: dict[int, Decimal] = field(default_factory=dict)
    # Set while a placed order is being changed.
    editing_order_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.items

    def set(self, variant_id: int, quantity: Decimal) -> None:
        if quantity <= 0:
            self.items.pop(variant_id, None)
        else:
            self.items[variant_id] = quantity

    def count(self) -> int:
        return len(self.items)


def load_cart(session: SessionBase) -> Cart:
    raw = session.get(SESSION_KEY) or {}
    try:
        items = {int(k): Decimal(v) for k, v in (raw.get("items") or {}).items()}
    except (ValueError, InvalidOperation):
        items = {}
    return Cart(
        cycle_id=raw.get("cycle"),
        point_id=raw.get("point"),
        items=items,
        editing_order_id=raw.get("editing"),
    )


def save_cart(session: SessionBase, cart: Cart) -> None:
    session[SESSION_KEY] = {
        "cycle": cart.cycle_id,
        "point": cart.point_id,
        "items": {str(k): str(v) for k, v in cart.items.items()},
        "editing": cart.editing_order_id,
    }


def clear_cart(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
