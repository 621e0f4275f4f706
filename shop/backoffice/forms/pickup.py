from django import forms
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import (
    TIME_WIDGET,
    CleaningModelForm,
    coordinate_field,
    decimal_field,
)
from shop.backoffice.selectors import depot_keepers
from shop.pickup.models import PickupPoint
from shop.pickup.services import PickupPointDetails


class PickupPointForm(CleaningModelForm):
    latitude = coordinate_field(_("latitude"), 90)
    longitude = coordinate_field(_("longitude"), 180)
    minimum_order_amount = decimal_field(
        _("minimum order amount (overrides the collective's)"),
        min_value=0,
        help_text=_("In euros. Leave empty to use the collective's minimum."),
    )
    delivery_fee = decimal_field(_("delivery fee"), min_value=0, help_text=_("In euros."))
    free_delivery_above = decimal_field(
        _("free delivery above"),
        min_value=0,
        help_text=_("In euros. Leave empty if delivery is never free."),
    )
    keepers = forms.ModelMultipleChoiceField(
        label=_("depot keepers"),
        queryset=depot_keepers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members with the depot keeper role (see the members page)."),
    )

    class Meta:
        model = PickupPoint
        fields = [
            "name",
            "kind",
            "address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "weekday",
            "opens_at",
            "closes_at",
            "capacity",
            "cold_storage",
            "instructions",
            "minimum_order_amount",
            "delivery_postcodes",
            "delivery_fee",
            "free_delivery_above",
            "keepers",
            "active",
            "position",
        ]
        widgets = {
            "opens_at": TIME_WIDGET,
            "closes_at": TIME_WIDGET,
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.Select(attrs={"data-home-delivery-toggle": "home_delivery"}),
        }
        labels = {"position": _("position in lists")}
        help_texts = {
            "delivery_postcodes": _("Separated by commas or spaces, e.g. 35000, 35510."),
            "capacity": _("Leave empty for no limit."),
            "position": _("Smaller numbers come first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_fee"].required = False

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The point must close after it opens."))
        return data

    def details(self) -> PickupPointDetails:
        data = dict(self.cleaned_data)
        data["delivery_fee"] = data.get("delivery_fee") or 0
        data["position"] = data.get("position") or 0
        return PickupPointDetails(**{f: data[f] for f in PickupPointDetails.__dataclass_fields__})

    @property
    def chosen_keepers(self):
        return list(self.cleaned_data["keepers"])
