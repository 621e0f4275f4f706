"""Forms of the work bank: they read what was typed; `services` validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import DATE_WIDGET, BackofficeForm, decimal_field
from shop.workbank.models import TaskType
from shop.workbank.selectors import members_for_admin
from shop.workbank.services import WorkDetails


class WorkEntryForm(BackofficeForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    hours = decimal_field(
        _("Hours"),
        required=True,
        help_text=_("In hours and decimals: two and a half hours is 2.5."),
    )
    task_type = forms.ChoiceField(label=_("Task"), choices=TaskType.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, for_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_admin:
            self.fields["member"].queryset = members_for_admin()
            self.fields["member"].help_text = _("Leave empty for yourself.")
        else:
            del self.fields["member"]

    def details(self) -> WorkDetails:
        data = self.cleaned_data
        return WorkDetails(
            date=data["date"], hours=data["hours"], task_type=data["task_type"], note=data["note"]
        )


class RuleForm(BackofficeForm):
    expected_hours = decimal_field(
        _("Hours the collective needs each quarter"),
        required=True,
        min_value=0,
        help_text=_("Shared among producers in proportion to their share of sales."),
    )
