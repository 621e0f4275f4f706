"""What a collective owes the provider for one month, by its plan.

The rules, written once (amounts VAT excluded, rounded to the cent once per line):
- the set-up fee is invoiced once, with the first monthly invoice;
- a flat plan costs its yearly fee / 12 a month; the first month is prorated
  by the days the subscription ran in it;
- a share-of-turnover plan costs `rate × turnover` of the month, at least
  floor / 12 and at most cap / 12 (the plan's floor and cap are yearly);
- during the plan's first `reduced_months` months (counted from the month the
  subscription started), the reduced rate applies and the floor is waived;
- a plan with both a flat fee and a share charges both.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from shop.money import ZERO, quantize

TWELVE = Decimal("12")


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: date) -> date:
    first = first_of_month(day)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


def month_index(started: date, month: date) -> int:
    """0 for the month the subscription started, 1 for the next, …"""
    return (month.year - started.year) * 12 + month.month - started.month


def in_reduced_period(plan, started: date, month: date) -> bool:
    return plan.reduced_percent is not None and month_index(started, month) < plan.reduced_months


def revenue_fee(plan, *, turnover: Decimal, started: date, month: date) -> Decimal:
    reduced = in_reduced_period(plan, started, month)
    rate = plan.reduced_percent if reduced else plan.revenue_percent
    fee = quantize(Decimal(turnover) * rate / 100)
    if plan.floor is not None and not reduced:
        fee = max(fee, quantize(plan.floor / TWELVE))
    if plan.cap is not None:
        fee = min(fee, quantize(plan.cap / TWELVE))
    return fee


def flat_fee(plan, *, started: date, month: date) -> Decimal:
    monthly = plan.yearly_flat_fee / TWELVE
    if first_of_month(started) == month and started.day > 1:
        days = calendar.monthrange(month.year, month.month)[1]
        monthly = monthly * (days - started.day + 1) / days
    return quantize(monthly)


def month_lines(
    plan, *, turnover: Decimal, started: date, month: date, with_setup_fee: bool
) -> list[Line]:
    """The invoice lines of `month` (its first day) for a subscription started on `started`."""
    if month < first_of_month(started):
        return []
    lines = []
    if with_setup_fee and plan.setup_fee > ZERO:
        lines.append(Line(_("Set-up of the shop"), quantize(plan.setup_fee)))
    label_month = f"{month:%m/%Y}"
    if plan.yearly_flat_fee is not None:
        lines.append(
            Line(
                _("Hosting, %(month)s (flat fee)") % {"month": label_month},
                flat_fee(plan, started=started, month=month),
            )
        )
    if plan.revenue_percent is not None:
        reduced = in_reduced_period(plan, started, month)
        rate = plan.reduced_percent if reduced else plan.revenue_percent
        lines.append(
            Line(
                _("Hosting, %(month)s: %(rate)s %% of %(turnover)s € turnover")
                % {
                    "month": label_month,
                    "rate": f"{rate:.2f}".rstrip("0").rstrip(".").replace(".", ","),
                    "turnover": f"{quantize(turnover):.2f}".replace(".", ","),
                }
                + (_(" (launch rate)") if reduced else ""),
                revenue_fee(plan, turnover=turnover, started=started, month=month),
            )
        )
    return [line for line in lines if line.amount > ZERO]


def monthly_estimate(plan, *, turnover: Decimal, started: date, month: date) -> Decimal:
    """The hosting of a month, without set-up fee (for usage pages and MRR)."""
    return sum(
        (
            line.amount
            for line in month_lines(
                plan, turnover=turnover, started=started, month=month, with_setup_fee=False
            )
        ),
        ZERO,
    )
