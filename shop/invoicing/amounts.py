"""Lines and totals of an invoice, by the rules of `shop.money`.

- A line's amount is the order line's amount as stored (worked out by
  `shop.orders.pricing.amount_of`, rounded to the cent once per line; after
  weighing, the weighed amount). It includes VAT for households and excludes it for professionals
  and for the collective's own fees.
- VAT is worked out per rate on the invoice's total of that rate, rounded to
  the cent once (`shop.money.totals_for`): from the VAT-included sum for
  households, on the VAT-excluded sum for professionals.
- A VAT-exempt seller (art. 293 B CGI) charges no VAT: its lines are at 0 %,
  the amount paid staying the amount of the line.
- So the sum of the line amounts of a cycle's invoices is, to the cent, the
  sum of its orders' line amounts: VAT-included for households,
  VAT-excluded for professionals (whose VAT is computed per invoice, hence
  per producer, and may differ by a cent per rate from the order's estimate).
"""

from decimal import Decimal

from shop.money import ZERO, Totals, excl_from_incl, quantize, totals_for

EXEMPTION_REASON = "TVA non applicable, art. 293 B du CGI"
WEIGHT = Decimal("0.001")


def _text(value: Decimal) -> str:
    return f"{Decimal(value):f}"


def line(
    *,
    label: str,
    quantity: Decimal,
    unit: str,
    unit_price: Decimal,
    vat_rate: Decimal,
    amount: Decimal,
    prices_incl_vat: bool,
    detail: str = "",
    source: int | None = None,
) -> dict:
    """One invoice line as stored in the snapshot (numbers as strings)."""
    unit_price_excl = (
        excl_from_incl(unit_price, vat_rate) if prices_incl_vat else quantize(unit_price)
    )
    return {
        "label": label,
        "detail": detail,
        "quantity": _text(quantity),
        "unit": unit,
        "unit_price": _text(quantize(unit_price)),
        "unit_price_excl": _text(unit_price_excl),
        "vat_rate": _text(quantize(vat_rate)),
        "amount": _text(quantize(amount)),
        "source": source,
    }


def order_line(order_line, *, prices_incl_vat: bool, exempt: bool) -> dict:
    """An order line on its producer's invoice; variable weights billed by the kilo."""
    rate = ZERO if exempt else order_line.vat_rate
    quantity, unit, detail = Decimal(order_line.quantity), order_line.unit, ""
    if order_line.variable_weight:
        # Billed by the kilo: the weighed weight of the line (see shop.logistics), else
        # the estimate the order was placed with.
        quantity = _billed_weight(order_line)
        detail = f"{Decimal(order_line.quantity).normalize():f}×"
        unit = "kg"
    return line(
        label=order_line.product_name,
        detail=detail,
        quantity=quantity,
        unit=unit,
        unit_price=order_line.unit_price,
        vat_rate=rate,
        amount=order_line.amount,
        prices_incl_vat=prices_incl_vat,
        source=order_line.pk,
    )


def _billed_weight(order_line) -> Decimal:
    if order_line.actual_weight_kg is not None:
        return Decimal(order_line.actual_weight_kg).quantize(WEIGHT)
    if order_line.estimated_weight_kg:
        return (Decimal(order_line.quantity) * order_line.estimated_weight_kg).quantize(WEIGHT)
    if order_line.unit_price:
        return (Decimal(order_line.amount) / Decimal(order_line.unit_price)).quantize(WEIGHT)
    return Decimal(order_line.quantity)


def totals(lines: list[dict], *, prices_incl_vat: bool) -> Totals:
    return totals_for(
        ((Decimal(row["vat_rate"]), Decimal(row["amount"])) for row in lines),
        prices_incl_vat=prices_incl_vat,
    )


def breakdown(result: Totals) -> list[dict]:
    return [
        {
            "rate": _text(row.rate),
            "base_excl": _text(row.base_excl),
            "vat": _text(row.vat),
            "total_incl": _text(row.total_incl),
        }
        for row in result.per_rate
    ]


def net_line_amounts(lines: list[dict], vat_lines: list[dict], prices_incl_vat: bool) -> list:
    """Each line's amount without VAT, summing per rate exactly to the rate's base.

    For VAT-included lines each line is converted on its own, and the cents
    the per-line rounding leaves are put on the largest line of the rate, so
    that an e-invoice adds up (EN 16931 wants Σ lines = base per rate).
    """
    if not prices_incl_vat:
        return [Decimal(row["amount"]) for row in lines]
    nets = [excl_from_incl(Decimal(row["amount"]), Decimal(row["vat_rate"])) for row in lines]
    for vat_line in vat_lines:
        rate = Decimal(vat_line["rate"])
        indices = [i for i, row in enumerate(lines) if Decimal(row["vat_rate"]) == rate]
        if not indices:
            continue
        gap = Decimal(vat_line["base_excl"]) - sum((nets[i] for i in indices), ZERO)
        largest = max(indices, key=lambda i: abs(Decimal(lines[i]["amount"])))
        nets[largest] += gap
    return nets
