"""Creating order cycles, by hand or from the weekly schedule.

Deadlines and distribution dates are reckoned in the collective's time zone
(wall-clock time, so 20:00 stays 20:00 across the change to summer time) and
stored in UTC.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.cycles.models import CycleSchedule, Distribution, OrderCycle
from shop.pickup.models import PickupPoint


def distribution_date_for(*, weekday: int, deadline: date, lead_days: int) -> date:
    """The first day on the point's weekday at least `lead_days` after the deadline."""
    earliest = deadline + timedelta(days=lead_days)
    return earliest + timedelta(days=(weekday - earliest.weekday()) % 7)


def cycle_create(
    *,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    distributions: dict[PickupPoint, date],
    schedule: CycleSchedule | None = None,
) -> OrderCycle:
    """A cycle and its distribution date at each pickup point."""
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        raise ValueError("Cycle times must be time-zone aware.")
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Orders must close after they open.")})
    if not distributions:
        raise ValidationError(_("Choose at least one pickup point."))
    for point, day in distributions.items():
        if day < closes_at.date() - timedelta(days=1):
            raise ValidationError(
                _("The distribution at %(point)s is before the ordering deadline.")
                % {"point": point.name}
            )
    with transaction.atomic():
        cycle = OrderCycle.objects.create(
            name=name, opens_at=opens_at, closes_at=closes_at, schedule=schedule
        )
        Distribution.objects.bulk_create(
            Distribution(cycle=cycle, pickup_point=point, date=day)
            for point, day in distributions.items()
        )
    return cycle


def upcoming_deadlines(schedule: CycleSchedule, *, zone: ZoneInfo, now: datetime) -> list[datetime]:
    """The schedule's next `weeks_ahead` deadlines after `now`, as aware datetimes."""
    local_now = now.astimezone(zone)
    days_to_deadline = (schedule.closes_weekday - local_now.weekday()) % 7
    first_day = local_now.date() + timedelta(days=days_to_deadline)
    first = datetime.combine(first_day, schedule.closes_time, tzinfo=zone)
    if first <= local_now:
        first = datetime.combine(first_day + timedelta(days=7), schedule.closes_time, tzinfo=zone)
    return [
        datetime.combine(first.date() + timedelta(weeks=k), schedule.closes_time, tzinfo=zone)
        for k in range(schedule.weeks_ahead)
    ]


def schedule_extend(
    *,
    schedule: CycleSchedule,
    zone: ZoneInfo,
    now: datetime | None = None,
    points: Iterable[PickupPoint] | None = None,
) -> list[OrderCycle]:
    """Create the schedule's missing cycles up to `weeks_ahead` weeks ahead.

    Idempotent: a deadline that already has its cycle is skipped. Each cycle
    opens `weeks_ahead` weeks before its deadline, so that several cycles are
    open at once and people can order up to that far ahead.
    """
    now = now or timezone.now()
    if not schedule.active:
        return []
    points = list(points if points is not None else PickupPoint.objects.filter(active=True))
    existing = set(schedule.cycles.values_list("closes_at", flat=True))
    created = []
    for deadline in upcoming_deadlines(schedule, zone=zone, now=now):
        if deadline in existing:
            continue
        opens = deadline - timedelta(weeks=schedule.weeks_ahead)
        iso_year, iso_week, _weekday = deadline.isocalendar()
        created.append(
            cycle_create(
                name=f"{iso_year}-S{iso_week:02d}",
                opens_at=opens,
                closes_at=deadline,
                schedule=schedule,
                distributions={
                    point: distribution_date_for(
                        weekday=point.weekday,
                        deadline=deadline.date(),
                        lead_days=schedule.lead_days,
                    )
                    for point in points
                },
            )
        )
    return created
