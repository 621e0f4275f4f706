"""Each producer's hours set against their share of the quarter's sales."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop.workbank.balances import allocate, quarter_balance
from shop.workbank.models import WorkBankRule, WorkEntry
from shop.workbank.quarters import Quarter
from shop.workbank.services import quarter_close
from tests.conftest import make_user
from tests.shop.dashboard.history import sell

from .conftest import IN_Q2

Q2 = Quarter(2026, 2)
D = Decimal


def set_rule(hours: str) -> None:
    WorkBankRule.objects.update_or_create(pk=1, defaults={"expected_hours_per_quarter": D(hours)})


def give(member, producer, hours: str, day: date = IN_Q2) -> None:
    """`hours` given from `day` on, eight hours a day at most."""
    left = D(hours)
    while left > 0:
        today = min(left, D("8"))
        WorkEntry.objects.create(
            member=member, producer=producer, date=day, hours=today, task_type="collection"
        )
        left -= today
        day += timedelta(days=1)


def rows_by_name(balance):
    return {row.name: row for row in balance.rows}


@pytest.fixture
def quarter_sales(farms, chloe):
    """Sales of Q2: Prés 600 €, Chèvrerie 300 €, Rucher 100 € (VAT included)."""
    sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(farms.carrots, "300", "600.00")])
    sell(
        customer=chloe,
        point=farms.point,
        day=date(2026, 6, 30),
        lines=[
            (farms.cheese, "100", "300.00"),
            (farms.honey, "12.5", "100.00"),
        ],
    )
    return farms


def test_expected_hours_follow_each_producers_share_of_sales(quarter_sales, bruno, gaelle):
    farms = quarter_sales
    set_rule("100")
    give(bruno, farms.pres, "50")
    give(gaelle, farms.chevrerie, "35")
    rows = rows_by_name(quarter_balance(Q2))
    pres, chevrerie, rucher = rows["Ferme des Prés"], rows["La Chèvrerie"], rows["Le Rucher"]
    assert (pres.share_percent, chevrerie.share_percent, rucher.share_percent) == (
        D("60.0"),
        D("30.0"),
        D("10.0"),
    )
    assert (pres.expected, chevrerie.expected, rucher.expected) == (D("60"), D("30"), D("10"))
    assert (pres.balance, chevrerie.balance, rucher.balance) == (D("-10"), D("5"), D("-10"))


def test_expected_hours_add_up_to_exactly_what_the_collective_needs(farms, chloe):
    for variant in (farms.carrots, farms.cheese, farms.honey):
        sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(variant, "1", "10.00")])
    set_rule("100")
    expected = sorted(row.expected for row in quarter_balance(Q2).rows)
    assert expected == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(expected) == D("100")


def test_no_sales_means_no_hours_expected(farms, bruno):
    set_rule("100")
    give(bruno, farms.pres, "4")
    rows = rows_by_name(quarter_balance(Q2))
    assert {row.expected for row in rows.values()} == {D("0")}
    assert rows["Ferme des Prés"].balance == D("4")


def test_only_placed_and_collected_orders_distributed_in_the_quarter_count(farms, chloe):
    sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(farms.carrots, "1", "10.00")])
    sell(
        customer=chloe,
        point=farms.point,
        day=date(2026, 5, 13),
        lines=[(farms.cheese, "1", "10.00")],
        status="collected",
    )
    sell(
        customer=chloe,
        point=farms.point,
        day=date(2026, 5, 20),
        lines=[(farms.honey, "1", "99.00")],
        status="cancelled",
    )
    # Distributed on 1 July: the third quarter, though ordered in June.
    sell(customer=chloe, point=farms.point, day=date(2026, 7, 1), lines=[(farms.honey, "1", "50")])
    balance = quarter_balance(Q2)
    assert balance.sales_total == D("20.00")
    assert rows_by_name(balance)["Le Rucher"].sales == D("0")


def test_professional_sales_count_vat_included(farms, panier):
    chef = make_user(panier, "chef@bistrot.fr")
    # 100 € excl. VAT at 5.5 % is 105.50 € VAT included.
    sell(
        customer=chef,
        point=farms.point,
        day=IN_Q2,
        lines=[(farms.cheese, "10", "100.00")],
        professional=True,
    )
    assert rows_by_name(quarter_balance(Q2))["La Chèvrerie"].sales == D("105.50")


def test_hours_of_the_employee_and_volunteers_are_counted_apart(farms, karim, chloe, bruno):
    give(karim, None, "3")
    give(chloe, None, "2.5")
    give(bruno, farms.pres, "1")
    balance = quarter_balance(Q2)
    assert balance.other_hours == D("5.5")
    assert balance.producer_hours == D("1")
    assert balance.hours_total == D("6.5")


def test_hours_outside_the_quarter_do_not_count(farms, bruno):
    give(bruno, farms.pres, "2", day=date(2026, 3, 31))
    give(bruno, farms.pres, "3", day=date(2026, 4, 1))
    give(bruno, farms.pres, "4", day=date(2026, 7, 1))
    assert rows_by_name(quarter_balance(Q2))["Ferme des Prés"].hours == D("3")


def test_a_closed_quarter_keeps_its_figures(quarter_sales, alice, bruno, chloe):
    farms = quarter_sales
    set_rule("100")
    give(bruno, farms.pres, "50")
    quarter_close(quarter=Q2, by=alice, today=date(2026, 7, 1))
    set_rule("200")
    sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(farms.honey, "1", "1000")])
    balance = quarter_balance(Q2)
    assert balance.closed is not None
    assert balance.expected_total == D("100")
    assert rows_by_name(balance)["Ferme des Prés"].balance == D("-10")


def test_balance_takes_the_same_queries_however_many_producers_and_entries(farms, bruno, chloe):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            quarter_balance(Q2)
        return len(queries)

    count()  # the rule's row is created on first use
    few = count()
    from shop.demo.factories import make_producer, make_product

    for n in range(8):
        producer = make_producer(farm_name=f"Ferme {n}")
        variant = make_product(producer, f"Produit {n}").variants.get()
        sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(variant, "1", "5.00")])
        give(bruno, producer, "1")
    assert count() == few


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    total_cents=st.integers(min_value=0, max_value=1_000_000),
    weight_cents=st.lists(st.integers(min_value=0, max_value=10_000_000), max_size=30),
)
def test_allocation_adds_up_and_stays_within_a_hundredth(total_cents, weight_cents):
    total = D(total_cents) / 100
    weights = [D(w) / 100 for w in weight_cents]
    shares = allocate(total, dict(enumerate(weights)))
    weight_sum = sum(weights, D("0"))
    if weight_sum == 0:
        assert set(shares.values()) <= {D("0")}
        return
    assert sum(shares.values()) == total
    for key, weight in enumerate(weights):
        assert abs(shares[key] - total * weight / weight_sum) < D("0.01")
