import zoneinfo

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import CleaningModelForm, decimal_field, siret_field
from shop.backoffice.forms.producers import IMAGE_ACCEPT
from shop.members.models import ShopSettings
from shop.members.services import ShopSettingsDetails, validate_logo
from tenants.models import Collective
from tenants.services import clean_siret


class ShopSettingsForm(CleaningModelForm):
    minimum_order_amount = decimal_field(
        _("minimum order amount"),
        required=True,
        min_value=0,
        help_text=_("In euros, VAT included."),
    )
    reminder_hours_before = forms.IntegerField(
        label=_("reminder, hours before the deadline"),
        min_value=1,
        max_value=168,
        help_text=_("The reminder e-mail goes out this many hours before orders close."),
    )

    class Meta:
        model = ShopSettings
        fields = [
            "logo",
            "primary_colour",
            "tagline",
            "about",
            "rules",
            "charter",
            "minimum_order_amount",
            "reminder_hours_before",
            "is_open",
        ]
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "about": forms.Textarea(attrs={"rows": 5}),
            "rules": forms.Textarea(attrs={"rows": 8}),
            "charter": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "logo": _("PNG, JPEG or WebP, 2 MB at most."),
            "is_open": _("Untick to close the shop for a while (holidays): nobody can order."),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            validate_logo(logo)
        return logo

    def details(self) -> ShopSettingsDetails:
        data = self.cleaned_data
        return ShopSettingsDetails(**{f: data[f] for f in ShopSettingsDetails.__dataclass_fields__})

    @property
    def new_logo(self) -> UploadedFile | None:
        logo = self.cleaned_data.get("logo")
        return logo if isinstance(logo, UploadedFile) else None

    @property
    def logo_removed(self) -> bool:
        return self.cleaned_data.get("logo") is False


def _zone_choices():
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class CollectiveIdentityForm(CleaningModelForm):
    siret = siret_field()
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=_zone_choices,
        help_text=_("Deadlines, opening days and reminders are reckoned in this zone."),
    )

    class Meta:
        model = Collective
        fields = [
            "name",
            "legal_name",
            "legal_form",
            "siret",
            "vat_number",
            "address",
            "contact_email",
            "contact_phone",
            "time_zone",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"legal_form": _("e.g. association loi 1901, SCIC, GIE, SAS.")}

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def identity(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}
