from django import forms
from django.utils.translation import gettext_lazy as _


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("The file you exported, edited in a spreadsheet; 2 MB at most."),
    )
