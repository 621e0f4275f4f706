"""Forms of the logistics pages: they validate, services write."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shop.logistics.models import LogisticsSettings


class LogisticsSettingsForm(forms.ModelForm):
    class Meta:
        model = LogisticsSettings
        fields = [
            "collection_point_name",
            "collection_point_address",
            "latitude",
            "longitude",
            "groupage",
            "lines_per_bag",
        ]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise forms.ValidationError(_("These coordinates are not on Earth."))
        return data


def numbers_from(data: QueryDict, prefix: str) -> dict[int, str]:
    """Fields named `<prefix><id>` as {id: text}, for forms with one input per row."""
    found = {}
    for name, value in data.items():
        if name.startswith(prefix) and name[len(prefix) :].isdigit() and value.strip():
            found[int(name[len(prefix) :])] = value
    return found
