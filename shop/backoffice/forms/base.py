"""What every back-office form shares.

Forms here only read and clean what was typed: the services in each area
validate again and write. A `CleaningModelForm` borrows its fields (labels,
choices, lengths) from a model and never builds nor saves an instance.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class BackofficeRenderer(DjangoTemplates):
    field_template_name = "backoffice/forms/field.html"


RENDERER = BackofficeRenderer()


class _Labels:
    """Labels start with a capital (model verbose names do not) and end without a colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class BackofficeForm(_Labels, forms.Form):
    default_renderer = RENDERER


class CleaningModelForm(_Labels, forms.ModelForm):
    default_renderer = RENDERER

    def _post_clean(self):
        """No instance is built: services own the model's validation and writes."""

    def save(self, commit=True):
        raise NotImplementedError("Back-office forms never save: call the area's service.")


def decimal_field(label, *, required=False, min_value=None, max_value=None, help_text=""):
    """A decimal typed the local way (2,50 in French), validated on the server."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def coordinate_field(label, bound: int):
    return decimal_field(
        label,
        min_value=-bound,
        max_value=bound,
        help_text=_("In decimal degrees, e.g. 48.117266."),
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def siret_field():
    return forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=20,
        help_text=_("14 digits, spaces allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
