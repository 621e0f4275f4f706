"""Recording hours and closing quarters — the only writers of the work bank.

Rules:
- producers, depot keepers and admins record their own hours; an admin also
  records them for anyone in the collective (an employee, a volunteer);
- an entry is between 0.01 and 24 hours, never more than 24 hours for one
  member on one day, never in the future (the collective's today), never in
  a closed quarter;
- hours count for the member's farm when the member is a producer;
- a member deletes their own entries, an admin any, in open quarters only;
- a quarter is closed once it is over, once, by an admin: its figures are
  frozen as a snapshot (see `balances`).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from groupage.accounts.models import Role, User
from shop.catalogue.models import Producer
from shop.workbank.balances import live_balance
from shop.workbank.models import QuarterClose, TaskType, WorkBankRule, WorkEntry
from shop.workbank.quarters import Quarter

logger = logging.getLogger(__name__)

RECORDING_ROLES = (Role.PRODUCER, Role.DEPOT_KEEPER, Role.ADMIN)
DAY = Decimal("24")


@dataclass(frozen=True)
class WorkDetails:
    date: date
    hours: Decimal
    task_type: str
    note: str = ""


def is_closed(quarter: Quarter) -> bool:
    return QuarterClose.objects.filter(year=quarter.year, quarter=quarter.number).exists()


def work_entry_record(*, member: User, details: WorkDetails, by: User, today: date) -> WorkEntry:
    """Record hours `member` gave; `today` is the collective's date."""
    if by.pk != member.pk and by.role != Role.ADMIN:
        raise ValidationError(_("Only an admin records hours for someone else."))
    if by.pk == member.pk and member.role not in RECORDING_ROLES:
        raise ValidationError(_("Ask an admin to record your hours."))
    hours = _valid_hours(details.hours)
    errors = {}
    if details.task_type not in TaskType.values:
        errors["task_type"] = _("Choose one of the tasks offered.")
    if details.date > today:
        errors["date"] = _("Hours are recorded once given, not in advance.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Entries are written one at a time, and never while a quarter closes:
        # the daily total holds and a closed quarter stays as it was frozen.
        _lock_work_bank()
        if is_closed(Quarter.of(details.date)):
            raise ValidationError(
                {"date": _("This quarter is closed: its hours can no longer change.")}
            )
        that_day = WorkEntry.objects.filter(member=member, date=details.date).aggregate(
            total=Sum("hours")
        )["total"] or Decimal("0")
        if that_day + hours > DAY:
            raise ValidationError(
                {
                    "hours": _("That would make more than 24 hours on %(day)s.")
                    % {"day": details.date.strftime("%d/%m/%Y")}
                }
            )
        entry = WorkEntry.objects.create(
            member=member,
            producer=Producer.objects.filter(user=member).first(),
            date=details.date,
            hours=hours,
            task_type=details.task_type,
            note=details.note.strip()[:300],
            created_by=by,
        )
    logger.info("Work entry %s recorded by %s for %s", entry.pk, by.pk, member.pk)
    return entry


def _lock_work_bank() -> WorkBankRule:
    WorkBankRule.load()
    return WorkBankRule.objects.select_for_update().get(pk=1)


def _valid_hours(value) -> Decimal:
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"hours": _("Give the hours as a number, e.g. 2.5.")}) from None
    if not hours.is_finite() or hours <= 0 or hours > DAY:
        raise ValidationError({"hours": _("Between 0.01 and 24 hours.")})
    if hours != hours.quantize(Decimal("0.01")):
        raise ValidationError({"hours": _("Hours to the hundredth at most, e.g. 1.25.")})
    return hours


def work_entry_delete(*, entry: WorkEntry, by: User) -> None:
    if by.pk != entry.member_id and by.role != Role.ADMIN:
        raise ValidationError(_("You can only delete your own hours."))
    with transaction.atomic():
        _lock_work_bank()
        if is_closed(Quarter.of(entry.date)):
            raise ValidationError(_("This quarter is closed: its hours can no longer change."))
        WorkEntry.objects.filter(pk=entry.pk).delete()
    logger.info("Work entry %s deleted by %s", entry.pk, by.pk)


def rule_update(*, expected_hours, by: User) -> WorkBankRule:
    try:
        hours = Decimal(expected_hours)
    except (InvalidOperation, TypeError, ValueError):
        hours = Decimal("-1")
    if not hours.is_finite() or hours < 0 or hours > Decimal("99999"):
        raise ValidationError({"expected_hours": _("Give a number of hours, 0 or more.")})
    with transaction.atomic():
        rule = _lock_work_bank()
        rule.expected_hours_per_quarter = hours.quantize(Decimal("0.01"))
        rule.save()
    logger.info("Work bank rule set to %s h by %s", hours, by.pk)
    return rule


def quarter_close(*, quarter: Quarter, by: User, today: date, now: datetime | None = None):
    """Freeze the quarter's figures; only once it is over, and only once."""
    if by.role != Role.ADMIN:
        raise ValidationError(_("Only an admin closes a quarter."))
    if today < quarter.end:
        raise ValidationError(_("A quarter is closed once it is over."))
    try:
        with transaction.atomic():
            _lock_work_bank()
            close = QuarterClose.objects.create(
                year=quarter.year,
                quarter=quarter.number,
                closed_at=now or timezone.now(),
                closed_by=by,
                snapshot=live_balance(quarter).snapshot(),
            )
    except IntegrityError:
        raise ValidationError(_("This quarter is already closed.")) from None
    logger.info("Work bank %s closed by %s", quarter, by.pk)
    return close
