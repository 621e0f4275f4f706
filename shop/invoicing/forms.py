"""Forms of the invoicing pages: they read and clean, the services write."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import (
    DATE_WIDGET,
    BackofficeForm,
    CleaningModelForm,
    decimal_field,
)
from shop.catalogue.models import Producer
from shop.invoicing.models import Invoice, InvoicingSettings, PickupPointCommission
from shop.invoicing.services.settings import PARTNER_FIELDS, SETTINGS_FIELDS


def last_month(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class PeriodForm(BackofficeForm):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To (included)"), widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The period starts after it ends."))
        return data

    @classmethod
    def with_last_month(cls, data=None):
        start, end = last_month()
        return cls(data, initial={"start": start, "end": end})


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Document"), choices=[("", "—"), *Invoice.Kind.choices], required=False
    )
    producer = forms.ModelChoiceField(
        label=_("Producer"), queryset=Producer.objects.order_by("farm_name"), required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)


class CreditNoteForm(BackofficeForm):
    """A reason, and per line of the invoice the amount to credit (empty: nothing)."""

    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, invoice: Invoice, remaining: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for index, (line, left) in enumerate(zip(invoice.lines, remaining, strict=True)):
            name = f"line-{index}"
            self.fields[name] = decimal_field(line["label"], min_value=0, max_value=left)
            self.lines.append((self[name], line, left))

    def line_amounts(self) -> dict[int, object]:
        return {
            int(name[5:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line-") and value
        }


class InvoicingSettingsForm(CleaningModelForm):
    commission_rate = decimal_field(
        _("commission on producers' sales (%)"), required=True, min_value=0, max_value=100
    )

    class Meta:
        model = InvoicingSettings
        fields = list(SETTINGS_FIELDS)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class PickupCommissionForm(CleaningModelForm):
    rate = decimal_field(
        _("commission (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Leave empty if this point takes no commission."),
    )

    # Typed with spaces (443 061 841 00047): the service takes them out and checks.
    siret = forms.CharField(label=_("SIRET"), max_length=20, required=False)

    class Meta:
        model = PickupPointCommission
        fields = ["rate", *PARTNER_FIELDS]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def partner(self) -> dict:
        return {name: self.cleaned_data[name] for name in PARTNER_FIELDS}
