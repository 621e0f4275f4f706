from django import forms
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import BackofficeForm


class InviteForm(BackofficeForm):
    emails = forms.CharField(
        label=_("Producers to invite"),
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "Ferme des Saules <jeanne@ferme-des-saules.fr>"}
        ),
        help_text=_("One a line: an e-mail, or a farm name followed by <e-mail>."),
    )


class PaymentModesForm(BackofficeForm):
    at_pickup = forms.BooleanField(label=_("At pickup (cash, cheque or card)"), required=False)
    online = forms.BooleanField(label=_("Online by card"), required=False)
    bank_transfer = forms.BooleanField(label=_("Bank transfer"), required=False)
