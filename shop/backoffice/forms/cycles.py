"""Order cycles typed by hand, and weekly schedules.

Times are typed as local date and time in the collective's zone and turned
into aware UTC instants here; a time that does not exist on that day (the
hour skipped when clocks go forward) is refused rather than guessed.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import DATE_WIDGET, TIME_WIDGET, BackofficeForm, CleaningModelForm
from shop.cycles.models import CycleSchedule
from shop.cycles.schedules import ScheduleDetails
from shop.cycles.services import distribution_date_for, upcoming_deadlines
from shop.pickup.models import PickupPoint, Weekday

DEFAULT_DEADLINE = (Weekday.THURSDAY, time(20, 0))
DEFAULT_LEAD_DAYS = 2


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The aware instant of a wall-clock time in `zone`, or None if the clocks skip it."""
    naive = datetime.combine(day, at)
    local = naive.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return local


def cycle_name(deadline: date) -> str:
    iso_year, iso_week, _weekday = deadline.isocalendar()
    return f"{iso_year}-S{iso_week:02d}"


class CycleForm(BackofficeForm):
    name = forms.CharField(label=_("name"), max_length=120)
    opens_date = forms.DateField(label=_("Orders open on"), widget=DATE_WIDGET)
    opens_time = forms.TimeField(label=_("Opening time"), widget=TIME_WIDGET)
    closes_date = forms.DateField(label=_("Orders close on"), widget=DATE_WIDGET)
    closes_time = forms.TimeField(label=_("Closing time"), widget=TIME_WIDGET)
    lead_days = forms.IntegerField(
        label=_("Days between the deadline and the first distribution"),
        min_value=0,
        max_value=14,
        initial=DEFAULT_LEAD_DAYS,
        help_text=_("Used to suggest each point's distribution date."),
    )

    def __init__(self, *args, points: list[PickupPoint], zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        self.zone = zone
        for point in points:
            self.fields[f"point_{point.pk}"] = forms.BooleanField(
                label=point.name, required=False, initial=True
            )
            self.fields[f"date_{point.pk}"] = forms.DateField(
                label=_("Distribution date at %(point)s") % {"point": point.name},
                required=False,
                widget=DATE_WIDGET,
                help_text=_("Empty: the point's next distribution day after the deadline."),
            )

    @property
    def point_rows(self):
        return [(p, self[f"point_{p.pk}"], self[f"date_{p.pk}"]) for p in self.points]

    @classmethod
    def suggested(
        cls, *, points, zone: ZoneInfo, now: datetime, schedule: CycleSchedule | None
    ) -> "CycleForm":
        """A blank form filled with the next usual deadline and each point's date after it."""
        if schedule is not None:
            deadline = upcoming_deadlines(schedule, zone=zone, now=now)[0]
            lead_days = schedule.lead_days
        else:
            weekday, at = DEFAULT_DEADLINE
            local_now = now.astimezone(zone)
            days = (weekday - local_now.weekday()) % 7 or 7
            deadline = datetime.combine(local_now.date() + timedelta(days=days), at, tzinfo=zone)
            lead_days = DEFAULT_LEAD_DAYS
        opens = (now.astimezone(zone) + timedelta(hours=1)).replace(minute=0)
        initial = {
            "name": cycle_name(deadline.date()),
            "opens_date": opens.date(),
            "opens_time": opens.time().replace(second=0, microsecond=0),
            "closes_date": deadline.date(),
            "closes_time": deadline.time(),
            "lead_days": lead_days,
        }
        return cls._with_dates(initial, points, zone, chosen={p.pk for p in points})

    @classmethod
    def recomputed(cls, data, *, points, zone: ZoneInfo) -> "CycleForm":
        """The typed form again, with every point's date worked out from the typed deadline."""
        typed = cls(data, points=points, zone=zone)
        typed.is_valid()
        initial = {name: data.get(name, "") for name in cls.base_fields}
        for point in points:
            initial[f"date_{point.pk}"] = data.get(f"date_{point.pk}", "")
        for name in ("closes_date", "lead_days"):
            if name in typed.cleaned_data:
                initial[name] = typed.cleaned_data[name]
        chosen = {p.pk for p in points if data.get(f"point_{p.pk}")}
        return cls._with_dates(initial, points, zone, chosen=chosen)

    @classmethod
    def _with_dates(cls, initial: dict, points, zone: ZoneInfo, *, chosen: set[int]):
        deadline = initial.get("closes_date")
        lead_days = initial.get("lead_days")
        for point in points:
            initial[f"point_{point.pk}"] = point.pk in chosen
            if isinstance(deadline, date) and isinstance(lead_days, int):
                initial[f"date_{point.pk}"] = distribution_date_for(
                    weekday=point.weekday, deadline=deadline, lead_days=lead_days
                )
        return cls(initial=initial, points=points, zone=zone)

    def clean(self):
        data = super().clean()
        opens = self._instant("opens")
        closes = self._instant("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes_date", _("Orders must close after they open."))
        distributions = {}
        for point in self.points:
            if not data.get(f"point_{point.pk}"):
                continue
            day = data.get(f"date_{point.pk}")
            if day is None and closes is not None and data.get("lead_days") is not None:
                day = distribution_date_for(
                    weekday=point.weekday, deadline=closes.date(), lead_days=data["lead_days"]
                )
            if day is not None:
                distributions[point] = day
        if not any(data.get(f"point_{p.pk}") for p in self.points):
            self.add_error(None, _("Choose at least one pickup point."))
        data["opens_at"] = opens.astimezone(UTC) if opens else None
        data["closes_at"] = closes.astimezone(UTC) if closes else None
        data["distributions"] = distributions
        return data

    def _instant(self, prefix: str) -> datetime | None:
        day = self.cleaned_data.get(f"{prefix}_date")
        at = self.cleaned_data.get(f"{prefix}_time")
        if day is None or at is None:
            return None
        instant = local_instant(day, at, self.zone)
        if instant is None:
            self.add_error(
                f"{prefix}_time",
                _("This time does not exist on that day in %(zone)s (the clocks go forward).")
                % {"zone": self.zone.key},
            )
        return instant


class ScheduleForm(CleaningModelForm):
    class Meta:
        model = CycleSchedule
        fields = ["name", "closes_weekday", "closes_time", "lead_days", "weeks_ahead", "active"]
        widgets = {"closes_time": TIME_WIDGET}
        help_texts = {
            "weeks_ahead": _(
                "How many weeks ahead people can order: each cycle opens this many weeks "
                "before its deadline."
            ),
            "closes_time": _(
                "In the collective's time zone. A new deadline applies to the cycles "
                "created from now on; cycles already created keep theirs."
            ),
        }

    def details(self) -> ScheduleDetails:
        data = self.cleaned_data
        return ScheduleDetails(**{f: data[f] for f in ScheduleDetails.__dataclass_fields__})
