"""What a collective owes each month, by its plan (no database needed)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.models import Plan
from billing.provider.pricing import month_lines, monthly_estimate, previous_month, revenue_fee

D = Decimal


def flat(**extra) -> Plan:
    return Plan(name="Collectif", setup_fee=D("150.00"), yearly_flat_fee=D("1000.00"), **extra)


def share(**extra) -> Plan:
    values = {"revenue_percent": D("2.00"), "floor": D("120.00"), "cap": D("1200.00")}
    values.update(extra)
    return Plan(name="Découverte", setup_fee=D("0.00"), **values)


def amounts(lines):
    return [line.amount for line in lines]


def test_a_flat_plan_costs_a_twelfth_of_its_yearly_fee_each_month():
    lines = month_lines(
        flat(),
        turnover=D("0"),
        started=date(2026, 1, 1),
        month=date(2026, 3, 1),
        with_setup_fee=False,
    )
    assert amounts(lines) == [D("83.33")]


def test_the_set_up_fee_comes_once_with_the_first_invoice():
    lines = month_lines(
        flat(),
        turnover=D("0"),
        started=date(2026, 3, 1),
        month=date(2026, 3, 1),
        with_setup_fee=True,
    )
    assert amounts(lines) == [D("150.00"), D("83.33")]


def test_the_first_month_of_a_flat_plan_is_prorated_by_day():
    lines = month_lines(
        flat(),
        turnover=D("0"),
        started=date(2026, 4, 16),
        month=date(2026, 4, 1),
        with_setup_fee=False,
    )
    assert amounts(lines) == [D("41.67")]  # 15 of 30 days


def test_a_share_of_turnover_is_the_rate_times_the_month_s_turnover():
    fee = revenue_fee(
        share(), turnover=D("4000.00"), started=date(2025, 1, 1), month=date(2026, 3, 1)
    )
    assert fee == D("80.00")


@pytest.mark.parametrize(
    ("turnover", "fee"),
    [("0", "10.00"), ("100", "10.00"), ("2000", "40.00"), ("5000", "100.00"), ("90000", "100.00")],
)
def test_the_share_stays_between_a_twelfth_of_the_floor_and_of_the_cap(turnover, fee):
    assert revenue_fee(
        share(), turnover=D(turnover), started=date(2025, 1, 1), month=date(2026, 3, 1)
    ) == D(fee)


def test_the_launch_rate_applies_in_the_first_months_without_floor():
    plan = share(reduced_percent=D("1.00"), reduced_months=3)
    started = date(2026, 1, 20)
    fees = [
        revenue_fee(plan, turnover=D("3000"), started=started, month=date(2026, m, 1))
        for m in (1, 2, 3, 4)
    ]
    assert fees == [D("30.00"), D("30.00"), D("30.00"), D("60.00")]
    assert revenue_fee(plan, turnover=D("0"), started=started, month=date(2026, 2, 1)) == D("0.00")


def test_months_before_the_subscription_cost_nothing():
    assert (
        month_lines(
            flat(),
            turnover=D("0"),
            started=date(2026, 5, 2),
            month=date(2026, 4, 1),
            with_setup_fee=True,
        )
        == []
    )


def test_a_plan_with_both_prices_charges_both():
    plan = Plan(name="Mixte", setup_fee=D("0"), yearly_flat_fee=D("600"), revenue_percent=D("1"))
    assert monthly_estimate(
        plan, turnover=D("1000"), started=date(2025, 1, 1), month=date(2026, 1, 1)
    ) == D("60.00")


def test_previous_month_crosses_the_year():
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert previous_month(date(2026, 7, 1)) == date(2026, 6, 1)


@given(turnover=st.decimals(min_value=0, max_value=10**7, places=2))
def test_a_year_of_share_never_leaves_the_floor_and_cap(turnover):
    plan = share()
    year = sum(
        revenue_fee(plan, turnover=turnover, started=date(2025, 1, 1), month=date(2026, m, 1))
        for m in range(1, 13)
    )
    assert plan.floor <= year <= plan.cap
    assert all(
        line.amount == line.amount.quantize(D("0.01"))
        for line in month_lines(
            plan,
            turnover=turnover,
            started=date(2025, 1, 1),
            month=date(2026, 1, 1),
            with_setup_fee=False,
        )
    )
