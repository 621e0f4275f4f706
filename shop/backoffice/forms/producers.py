from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import (
    BackofficeForm,
    CleaningModelForm,
    coordinate_field,
    siret_field,
)
from shop.catalogue.models import Producer
from shop.catalogue.producers import ProducerDetails
from tenants.services import clean_siret

IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


class ProducerForm(CleaningModelForm):
    latitude = coordinate_field(_("latitude"), 90)
    longitude = coordinate_field(_("longitude"), 180)
    siret = siret_field()
    create_account = forms.BooleanField(
        label=_("Create their account and e-mail them an invitation"),
        required=False,
        help_text=_("They will choose their password from the link in the e-mail."),
    )

    class Meta:
        model = Producer
        fields = [
            "kind",
            "name",
            "farm_name",
            "description",
            "photo",
            "organic",
            "certifications",
            "address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "siret",
            "vat_number",
            "vat_exempt",
            "email",
            "phone",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        }
        labels = {"name": _("Producer's name")}
        help_texts = {
            "photo": _("PNG, JPEG or WebP, 5 MB at most."),
            "certifications": _("e.g. AB, Nature & Progrès, Demeter."),
        }

    def __init__(self, *args, with_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_account:
            del self.fields["create_account"]

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def clean(self):
        data = super().clean()
        if data.get("create_account") and not data.get("email"):
            self.add_error("email", _("Give the producer's e-mail to create their account."))
        return data

    def details(self) -> ProducerDetails:
        data = self.cleaned_data
        return ProducerDetails(**{f: data[f] for f in ProducerDetails.__dataclass_fields__})

    @property
    def new_photo(self) -> UploadedFile | None:
        photo = self.cleaned_data.get("photo")
        return photo if isinstance(photo, UploadedFile) else None

    @property
    def photo_removed(self) -> bool:
        return self.cleaned_data.get("photo") is False


class ProducerSearchForm(BackofficeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    active = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )


class InvitationForm(BackofficeForm):
    email = forms.EmailField(label=_("E-mail of their account"), required=False)
