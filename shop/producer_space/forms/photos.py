from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shop.catalogue.photos import MAX_BYTES, MAX_SIDE
from shop.producer_space.forms.fields import MultipleFileField, MultipleFileInput


class PhotoUploadForm(forms.Form):
    photos = MultipleFileField(
        label=_("Add photos"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext(
            "JPEG, PNG or WebP; up to %(mb)d MB and %(px)d × %(px)d pixels each."
        ) % {"mb": MAX_BYTES // (1024 * 1024), "px": MAX_SIDE}


class PhotoMoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)
