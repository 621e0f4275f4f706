"""What counts as a sale, in one place, for the figures and the work bank.

Turnover is what consumers pay, VAT included: an order's `total_incl_vat`
(delivery fee included). Per producer it is the sum of their order lines,
VAT included: a household's line amount already is; a professional's line
(VAT excluded) is grossed up at its VAT rate and rounded to the cent.
Only placed and collected orders count (a cancelled order is no sale), and
an order belongs to the week of its distribution date.
"""

from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When
from django.db.models.functions import Round

from shop.orders.models import Order

LIVE = (Order.Status.PLACED, Order.Status.COLLECTED)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def line_sales_incl_vat(prefix: str = ""):
    """An OrderLine's sale VAT included, as a database expression (`prefix` for joins)."""
    amount = F(f"{prefix}amount")
    grossed_up = ExpressionWrapper(
        amount * (Value(Decimal("1")) + F(f"{prefix}vat_rate") / Value(Decimal("100"))),
        output_field=DecimalField(max_digits=16, decimal_places=6),
    )
    return Case(
        When(**{f"{prefix}order__is_professional": True}, then=Round(grossed_up, 2)),
        default=amount,
        output_field=MONEY,
    )
