"""Recording and deleting hours; closing a quarter."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shop.workbank.models import QuarterClose, WorkEntry
from shop.workbank.quarters import Quarter
from shop.workbank.services import (
    WorkDetails,
    quarter_close,
    rule_update,
    work_entry_delete,
    work_entry_record,
)

from .conftest import IN_Q2

TODAY = date(2026, 5, 20)
Q2 = Quarter(2026, 2)


def hours(amount: str, day: date = IN_Q2, task: str = "basket_assembly") -> WorkDetails:
    return WorkDetails(date=day, hours=Decimal(amount), task_type=task, note="  mardi soir ")


def record(member, details, by=None):
    return work_entry_record(member=member, details=details, by=by or member, today=TODAY)


def test_a_producers_hours_count_for_their_farm(farms, bruno):
    entry = record(bruno, hours("2.5"))
    assert entry.producer == farms.pres
    assert (entry.hours, entry.note, entry.created_by) == (Decimal("2.5"), "mardi soir", bruno)


def test_a_depot_keepers_hours_count_for_no_farm(farms, karim):
    assert record(karim, hours("1")).producer is None


def test_a_consumer_asks_an_admin_to_record_their_hours(farms, chloe, alice):
    with pytest.raises(ValidationError):
        record(chloe, hours("1"))
    entry = record(chloe, hours("3", task="events"), by=alice)
    assert (entry.member, entry.created_by, entry.producer) == (chloe, alice, None)


def test_only_an_admin_records_for_someone_else(farms, bruno, gaelle):
    with pytest.raises(ValidationError):
        record(gaelle, hours("1"), by=bruno)
    assert not WorkEntry.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-1", "24.01", "1.005"])
def test_hours_must_be_a_plausible_amount(farms, bruno, amount):
    with pytest.raises(ValidationError) as refused:
        record(bruno, hours(amount))
    assert "hours" in refused.value.message_dict


def test_no_more_than_24_hours_a_day(farms, bruno):
    record(bruno, hours("20"))
    with pytest.raises(ValidationError):
        record(bruno, hours("4.5"))
    record(bruno, hours("4"))
    assert WorkEntry.objects.count() == 2


def test_hours_are_not_recorded_in_advance(farms, bruno):
    with pytest.raises(ValidationError) as refused:
        record(bruno, hours("1", day=date(2026, 5, 21)))
    assert "date" in refused.value.message_dict


def test_unknown_task_is_refused(farms, bruno):
    with pytest.raises(ValidationError):
        record(bruno, hours("1", task="napping"))


def test_a_member_deletes_their_own_hours_not_others(farms, bruno, gaelle, alice):
    entry = record(bruno, hours("1"))
    with pytest.raises(ValidationError):
        work_entry_delete(entry=entry, by=gaelle)
    work_entry_delete(entry=entry, by=bruno)
    other = record(gaelle, hours("1"))
    work_entry_delete(entry=other, by=alice)
    assert not WorkEntry.objects.exists()


def test_a_quarter_is_closed_once_it_is_over_and_only_once(farms, alice):
    with pytest.raises(ValidationError):
        quarter_close(quarter=Q2, by=alice, today=date(2026, 6, 30))
    quarter_close(quarter=Q2, by=alice, today=date(2026, 7, 1))
    with pytest.raises(ValidationError):
        quarter_close(quarter=Q2, by=alice, today=date(2026, 7, 2))
    assert QuarterClose.objects.get().closed_by == alice


def test_only_an_admin_closes_a_quarter(farms, bruno):
    with pytest.raises(ValidationError):
        quarter_close(quarter=Q2, by=bruno, today=date(2026, 7, 1))


def test_hours_of_a_closed_quarter_no_longer_change(farms, bruno, alice):
    entry = record(bruno, hours("1"))
    quarter_close(quarter=Q2, by=alice, today=date(2026, 7, 1))
    with pytest.raises(ValidationError):
        work_entry_record(member=bruno, details=hours("1"), by=bruno, today=date(2026, 7, 2))
    with pytest.raises(ValidationError):
        work_entry_delete(entry=entry, by=alice)
    # The next quarter is open.
    work_entry_record(
        member=bruno, details=hours("1", day=date(2026, 7, 2)), by=bruno, today=date(2026, 7, 2)
    )


def test_the_rule_is_a_number_of_hours(farms, alice):
    assert rule_update(expected_hours="120.5", by=alice).expected_hours_per_quarter == Decimal(
        "120.50"
    )
    with pytest.raises(ValidationError):
        rule_update(expected_hours="-3", by=alice)


def test_quarters_know_their_bounds():
    assert (Q2.start, Q2.end) == (date(2026, 4, 1), date(2026, 7, 1))
    assert Quarter.of(date(2026, 12, 31)).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter.parse("2026-2") == Q2 and Q2.slug == "2026-2"
    with pytest.raises(ValueError):
        Quarter.parse("2026-5")
