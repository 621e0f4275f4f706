"""Why an order is refused, in words the consumer understands."""

from decimal import Decimal


class OrderRefused(Exception):
    """The order cannot be placed as it is; nothing was written, the basket is kept.

    `shortages` maps a variant id to what remains of it (0 when sold out), so
    the page can show what is still possible.
    """

    def __init__(self, message: str, *, shortages: dict[int, Decimal] | None = None):
        super().__init__(message)
        self.message = message
        self.shortages = shortages or {}
