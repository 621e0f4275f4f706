"""Weekly cycles: deadlines in the collective's wall-clock time, across summer time."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from shop.cycles.models import CycleSchedule, OrderCycle
from shop.cycles.services import distribution_date_for, schedule_extend
from shop.demo.factories import make_point

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def tuesday_8pm(in_panier):
    return CycleSchedule.objects.create(closes_weekday=1, closes_time=time(20, 0), lead_days=2)


def test_three_weeks_of_cycles_are_created_and_all_open(tuesday_8pm):
    thursday_farm = make_point("Ferme", weekday=3)
    friday_shop = make_point("Épicerie", weekday=4)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # a Monday
    cycles = schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=now)
    assert [c.closes_at.astimezone(PARIS).date() for c in cycles] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
    ]
    assert all(c.is_open(now) for c in cycles)  # order up to three weeks ahead
    first = cycles[0]
    dates = {d.pickup_point: d.date for d in first.distributions.all()}
    assert dates == {thursday_farm: date(2026, 12, 3), friday_shop: date(2026, 12, 4)}


def test_extending_twice_creates_nothing_more(tuesday_8pm):
    make_point()
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=now)
    assert schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=now) == []
    assert OrderCycle.objects.count() == 3


def test_deadline_stays_at_8pm_across_the_change_to_summer_time(tuesday_8pm):
    make_point()
    now = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)  # summer time starts Sunday 28 March 2027
    cycles = schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=now)
    local = [c.closes_at.astimezone(PARIS) for c in cycles]
    assert all(d.time() == time(20, 0) for d in local)
    assert [c.closes_at.astimezone(UTC).hour for c in cycles] == [19, 18, 18]  # CET then CEST


def test_deadline_stays_at_8pm_across_the_change_back_to_winter_time(tuesday_8pm):
    make_point()
    now = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)  # winter time from Sunday 25 October 2026
    cycles = schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=now)
    assert [c.closes_at.astimezone(UTC).hour for c in cycles] == [18, 19, 19]


def test_other_time_zone_closes_at_its_own_8pm(tuesday_8pm):
    make_point()
    reunion = ZoneInfo("Indian/Reunion")
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    cycle = schedule_extend(schedule=tuesday_8pm, zone=reunion, now=now)[0]
    assert cycle.closes_at.astimezone(UTC) == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)


def test_a_deadline_just_passed_moves_to_next_week(tuesday_8pm):
    make_point()
    just_after = datetime(2026, 12, 1, 19, 0, 1, tzinfo=UTC)  # Tuesday 20:00:01 in Paris
    first = schedule_extend(schedule=tuesday_8pm, zone=PARIS, now=just_after)[0]
    assert first.closes_at.astimezone(PARIS).date() == date(2026, 12, 8)


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        (3, date(2026, 12, 3)),
        (4, date(2026, 12, 4)),
        (5, date(2026, 12, 5)),
        (1, date(2026, 12, 8)),
    ],
)
def test_distribution_date_follows_the_deadline_by_the_lead_time(weekday, expected):
    assert (
        distribution_date_for(weekday=weekday, deadline=date(2026, 12, 1), lead_days=2) == expected
    )
