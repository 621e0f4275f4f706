"""Money: Decimal amounts in euros, one rounding rule, VAT per rate.

The rules, written once:
- every amount is a `Decimal` in euros; floats never enter;
- a line's amount is its unit price times its quantity, rounded to the cent
  (half up) once, per line — never per unit;
- households see prices VAT-included: a line's amount includes VAT and, on a
  total, the VAT of each rate is worked out from that rate's VAT-included sum;
- professionals see prices VAT-excluded: a line's amount excludes VAT and the
  VAT of each rate is that rate's VAT-excluded sum times the rate, rounded once.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CURRENCY = "EUR"

VAT_RATES = (Decimal("0.00"), Decimal("5.50"), Decimal("10.00"), Decimal("20.00"))


def quantize(amount: Decimal) -> Decimal:
    """The one rounding helper: to the cent, half up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return quantize(Decimal(unit_price) * Decimal(quantity))


def excl_from_incl(amount_incl: Decimal, rate_percent: Decimal) -> Decimal:
    return quantize(Decimal(amount_incl) * 100 / (100 + Decimal(rate_percent)))


def incl_from_excl(amount_excl: Decimal, rate_percent: Decimal) -> Decimal:
    return quantize(Decimal(amount_excl) * (100 + Decimal(rate_percent)) / 100)


@dataclass
class VatLine:
    rate: Decimal
    base_excl: Decimal
    vat: Decimal
    total_incl: Decimal


@dataclass
class Totals:
    lines_incl_vat: bool
    per_rate: list[VatLine] = field(default_factory=list)

    @property
    def total_excl(self) -> Decimal:
        return sum((r.base_excl for r in self.per_rate), ZERO)

    @property
    def total_vat(self) -> Decimal:
        return sum((r.vat for r in self.per_rate), ZERO)

    @property
    def total_incl(self) -> Decimal:
        return sum((r.total_incl for r in self.per_rate), ZERO)


def totals_for(lines: Iterable[tuple[Decimal, Decimal]], *, prices_incl_vat: bool) -> Totals:
    """Totals per VAT rate from (rate, line amount) pairs, by the rules above."""
    sums: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for rate, amount in lines:
        sums[Decimal(rate)] += Decimal(amount)
    totals = Totals(lines_incl_vat=prices_incl_vat)
    for rate in sorted(sums):
        amount = quantize(sums[rate])
        if prices_incl_vat:
            excl = excl_from_incl(amount, rate)
            totals.per_rate.append(VatLine(rate, excl, amount - excl, amount))
        else:
            incl = incl_from_excl(amount, rate)
            totals.per_rate.append(VatLine(rate, amount, incl - amount, incl))
    return totals
