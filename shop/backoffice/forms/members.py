from django import forms
from django.utils.translation import gettext_lazy as _

from groupage.accounts.models import Role
from shop.backoffice.forms.base import BackofficeForm


class MemberSearchForm(BackofficeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )


class RoleForm(BackofficeForm):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)


class DecisionForm(BackofficeForm):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
