"""Form fields the producer space needs."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from shop.catalogue.csv_io import parse_decimal


class DecimalCommaField(forms.DecimalField):
    """A decimal typed the French way ("2,80") or the English way ("2.80"),
    shown in the page's language, in a text box that brings up a numeric
    keypad on phones."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not items:
            single(None, initial)  # "this field is required", if it is
            return []
        return [single(item, initial) for item in items]
