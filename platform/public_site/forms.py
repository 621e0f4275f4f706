"""The sign-up form: reads what was typed; `public_site.signup` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import Plan


class SignUpForm(forms.Form):
    collective_name = forms.CharField(label=_("Name of the collective"), max_length=120)
    territory = forms.CharField(
        label=_("Territory"),
        max_length=200,
        help_text=_("Where the farms and the pickup points are, e.g. “East of Rennes”."),
    )
    slug = forms.CharField(
        label=_("Address of your shop"),
        max_length=40,
        help_text=_("Lowercase letters, digits and hyphens: it becomes <slug>.groupage.fr."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    admin_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.filter(active=True),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    accept = forms.BooleanField(label=_("I accept the terms of service"))
    # Left empty by people; robots fill every field they see.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_slug(self) -> str:
        return self.cleaned_data["slug"].strip().lower()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
