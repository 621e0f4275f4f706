"""Weekly schedules that create order cycles ahead of time: keeping them.

Rules enforced here:
- two active schedules never share a deadline (same weekday and time): they
  would create the same cycles twice;
- a schedule with cycles still to come cannot be deleted (deactivate it
  instead): the cycles it made would lose the mark that keeps them from
  being created again;
- creating the coming cycles is idempotent and holds a lock on the schedule,
  so two clicks at once never create a cycle twice.

Changing a deadline does not move the cycles already created: it applies to
the cycles created from then on.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.cycles.models import CycleSchedule, OrderCycle
from shop.cycles.services import schedule_extend

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleDetails:
    name: str
    closes_weekday: int
    closes_time: time
    lead_days: int = 2
    weeks_ahead: int = 3
    active: bool = True


def schedule_create(*, details: ScheduleDetails, by=None) -> CycleSchedule:
    """Add a weekly schedule (its cycles are created by `schedule_create_coming_cycles`)."""
    schedule = CycleSchedule()
    with transaction.atomic():
        _apply_and_validate(schedule, details)
        schedule.save()
    logger.info("Schedule %s added by %s", schedule.pk, getattr(by, "pk", None))
    return schedule


def schedule_update(*, schedule: CycleSchedule, details: ScheduleDetails, by=None) -> CycleSchedule:
    """Change a schedule; the cycles it already made stay as they are."""
    with transaction.atomic():
        schedule = CycleSchedule.objects.select_for_update().get(pk=schedule.pk)
        _apply_and_validate(schedule, details)
        schedule.save()
    logger.info("Schedule %s changed by %s", schedule.pk, getattr(by, "pk", None))
    return schedule


def schedule_delete(*, schedule: CycleSchedule, now: datetime | None = None, by=None) -> None:
    """Delete a schedule whose cycles are all past; its cycles stay."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule = CycleSchedule.objects.select_for_update().get(pk=schedule.pk)
        if schedule.cycles.filter(closes_at__gt=now, closed_at__isnull=True).exists():
            raise ValidationError(
                _(
                    "This schedule has cycles to come: deactivate it instead, "
                    "or delete it once they are over."
                )
            )
        logger.info("Schedule %s deleted by %s", schedule.pk, getattr(by, "pk", None))
        schedule.delete()


def schedule_create_coming_cycles(
    *, schedule: CycleSchedule, zone: ZoneInfo, now: datetime | None = None, by=None
) -> list[OrderCycle]:
    """Create the schedule's missing cycles now, at every active pickup point.

    Idempotent: cycles that already exist are kept and not created again.
    """
    with transaction.atomic():
        schedule = CycleSchedule.objects.select_for_update().get(pk=schedule.pk)
        if not schedule.active:
            raise ValidationError(_("This schedule is inactive: activate it first."))
        created = schedule_extend(schedule=schedule, zone=zone, now=now)
    logger.info(
        "%d cycles created from schedule %s by %s",
        len(created),
        schedule.pk,
        getattr(by, "pk", None),
    )
    return created


def _apply_and_validate(schedule: CycleSchedule, details: ScheduleDetails) -> None:
    values = asdict(details)
    values["name"] = values["name"].strip()
    for field, value in values.items():
        setattr(schedule, field, value)
    schedule.full_clean()
    if schedule.active:
        twin = (
            CycleSchedule.objects.filter(
                active=True,
                closes_weekday=schedule.closes_weekday,
                closes_time=schedule.closes_time,
            )
            .exclude(pk=schedule.pk)
            .first()
        )
        if twin is not None:
            raise ValidationError(
                {
                    "closes_time": _(
                        "The active schedule “%(name)s” already closes on this day at this time."
                    )
                    % {"name": twin.name}
                }
            )
