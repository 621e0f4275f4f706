"""The collective's figures equal the sum of its orders, week by week and every other way."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from shop.dashboard import figures
from shop.dashboard.figures import Period
from shop.messaging.models import ReminderSent
from shop.orders.models import Order
from tests.conftest import make_user

from .history import PARIS, sell

D = Decimal
# Three weeks of distributions (Fridays), in a period of 13 weeks ending in June 2026.
FRIDAYS = [date(2026, 6, 5), date(2026, 6, 12), date(2026, 6, 19)]
PERIOD = Period.of_weeks(13, today=date(2026, 6, 20))


@pytest.fixture
def sales(farms, chloe, hugo, panier):
    chef = make_user(panier, "chef@bistrot.fr")
    f = farms
    sell(customer=chloe, point=f.farm, day=FRIDAYS[0], lines=[(f.carrots, "2", "4.00")])
    sell(
        customer=chloe,
        point=f.farm,
        day=FRIDAYS[1],
        lines=[(f.carrots, "1", "2.00"), (f.cheese, "3", "9.00")],
    )
    sell(customer=hugo, point=f.bocal, day=FRIDAYS[1], lines=[(f.cheese, "1", "3.00")])
    sell(
        customer=hugo,
        point=f.bocal,
        day=FRIDAYS[2],
        lines=[(f.cheese, "2", "6.00")],
        status="collected",
        delivery_fee="3.50",
    )
    sell(
        customer=chef,
        point=f.farm,
        day=FRIDAYS[2],
        lines=[(f.cheese, "10", "28.44")],
        professional=True,
    )
    sell(
        customer=chef,
        point=f.farm,
        day=FRIDAYS[2],
        lines=[(f.carrots, "9", "99")],
        status="cancelled",
    )
    return farms


def live_orders():
    return Order.objects.filter(status__in=("placed", "collected"))


def test_each_weeks_turnover_is_the_sum_of_its_orders(sales):
    expected = defaultdict(Decimal)
    counts = defaultdict(int)
    for order in live_orders().select_related("distribution"):
        monday = order.distribution.date - timedelta(days=order.distribution.date.weekday())
        expected[monday] += order.total_incl_vat
        counts[monday] += 1
    weeks = {w.monday: w for w in figures.weekly(PERIOD) if w.orders}
    assert {m: w.turnover for m, w in weeks.items()} == dict(expected)
    assert {m: w.orders for m, w in weeks.items()} == dict(counts)
    assert len(figures.weekly(PERIOD)) == 13 + figures.WEEKS_AHEAD  # empty weeks too


def test_totals_points_and_weeks_agree(sales):
    total = sum(o.total_incl_vat for o in live_orders())
    totals = figures.totals(PERIOD)
    assert totals.turnover == total == D("4.00") + D("11.00") + D("3.00") + D("9.50") + D("30.00")
    assert totals.orders == 5 and totals.customers == 3
    assert sum(w.turnover for w in figures.weekly(PERIOD)) == total
    assert sum(p.turnover for p in figures.by_point(PERIOD)) == total
    assert sum(p.orders for p in figures.by_point(PERIOD)) == 5
    assert totals.average_basket == D("11.50")


def test_producer_sales_are_their_lines_vat_included(sales):
    rows = {p.name: p for p in figures.by_producer(PERIOD)}
    assert rows["Ferme des Prés"].sales == D("6.00")
    # 9 + 3 + 6 € from households, 28.44 € excl. VAT at 5.5 % = 30.00 € from the bistrot.
    assert rows["La Chèvrerie"].sales == D("48.00")
    assert rows["La Chèvrerie"].orders == 4
    assert rows["La Chèvrerie"].share == D("88.9")
    # Everything sold, plus the delivery fee, is the turnover.
    assert sum(p.sales for p in rows.values()) + D("3.50") == figures.totals(PERIOD).turnover


def test_orders_outside_the_period_do_not_count(sales, chloe):
    sell(customer=chloe, point=sales.farm, day=date(2025, 1, 3), lines=[(sales.carrots, "1", "50")])
    assert figures.totals(PERIOD).turnover == D("57.50")


def test_new_and_returning_consumers(sales, panier):
    old_friend = make_user(panier, "old@example.fr")
    sell(
        customer=old_friend,
        point=sales.farm,
        day=date(2025, 1, 3),
        lines=[(sales.carrots, "1", "2")],
    )
    sell(customer=old_friend, point=sales.farm, day=FRIDAYS[0], lines=[(sales.carrots, "1", "2")])
    weeks = {w.monday: w for w in figures.weekly(PERIOD)}
    first, second, third = (weeks[d - timedelta(days=4)] for d in FRIDAYS)
    assert (first.new_customers, first.returning_customers) == (1, 1)  # Chloé new, old friend back
    assert (second.new_customers, second.returning_customers) == (1, 1)  # Hugo new, Chloé back
    assert (third.new_customers, third.returning_customers) == (1, 1)  # the bistrot new, Hugo back


def test_reminder_effect_counts_orders_placed_after_the_reminder(farms, chloe, hugo, panier):
    bob = make_user(panier, "bob@example.fr")
    reminded_at = datetime(2026, 6, 9, 18, 0, tzinfo=UTC)
    orders = [
        sell(customer=c, point=farms.farm, day=FRIDAYS[1], lines=[(farms.carrots, "1", "2")])
        for c in (chloe, hugo, bob)
    ]
    cycle_of = {o.customer_id: o.cycle for o in orders}
    Order.objects.filter(customer=chloe).update(placed_at=reminded_at + timedelta(hours=2))
    Order.objects.filter(customer=hugo).update(placed_at=reminded_at - timedelta(days=2))
    Order.objects.filter(customer=bob).update(placed_at=reminded_at - timedelta(days=1))
    # Chloé and Hugo were reminded (Hugo had ordered in another cycle); Bob had already ordered.
    ReminderSent.objects.create(cycle=cycle_of[chloe.pk], user=chloe, sent_at=reminded_at)
    ReminderSent.objects.create(cycle=cycle_of[hugo.pk], user=hugo, sent_at=reminded_at)
    [week] = figures.reminder_effect(PERIOD, PARIS)
    assert (week.reminders, week.ordered_after, week.orders) == (2, 1, 3)
    assert week.conversion == D("50.0") and week.share_of_orders == D("33.3")
    assert week.monday == date(2026, 6, 8)  # the deadline, Wednesday 10 June


def test_a_producer_sees_their_own_sales(sales):
    weeks = figures.producer_weekly(PERIOD, sales.pres)
    assert sum(w.sales for w in weeks) == D("6.00")
    assert sum(w.orders for w in weeks) == 2
    [product] = figures.producer_products(PERIOD, sales.pres)
    assert (product["product_name"], product["quantity"], product["sales"]) == (
        "Carottes",
        D("3"),
        D("6.00"),
    )
    points = figures.producer_by_point(PERIOD, sales.chevrerie)
    assert {p["order__pickup_point__name"]: p["sales"] for p in points} == {
        "Ferme des Prés": D("39.00"),
        "Épicerie Le Bocal": D("9.00"),
    }


def test_weeks_follow_the_calendar_across_summer_time():
    period = Period.of_weeks(3, today=date(2026, 3, 30))  # Monday after clocks go forward
    assert period.mondays[0] == date(2026, 3, 16)
    assert all(m.weekday() == 0 for m in period.mondays)
    start, end = period.bounds(PARIS)
    assert start.utcoffset() == timedelta(hours=1) and end.utcoffset() == timedelta(hours=2)
