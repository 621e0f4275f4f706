"""Forms of billing's pages: they read and clean what was typed; services write."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import Plan
from billing.payments.models import Membership, PaymentSettings, Refund
from shop.backoffice.forms.base import BackofficeForm, CleaningModelForm, decimal_field


class PaymentSettingsForm(CleaningModelForm):
    membership_amount = decimal_field(
        _("yearly membership fee"), required=True, min_value=1, max_value=200
    )

    class Meta:
        model = PaymentSettings
        fields = [
            "pay_at_pickup",
            "accepts_cash",
            "accepts_cheque",
            "accepts_card_terminal",
            "pay_online",
            "membership_required",
            "membership_amount",
        ]


class RefundForm(BackofficeForm):
    amount = decimal_field(_("amount to refund"), required=True, min_value=Decimal("0.01"))
    reason = forms.ChoiceField(label=_("reason"), choices=Refund.Reason.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class MembershipPaymentForm(BackofficeForm):
    mode = forms.ChoiceField(
        label=_("paid by"),
        choices=[
            (Membership.Mode.CASH, Membership.Mode.CASH.label),
            (Membership.Mode.CHEQUE, Membership.Mode.CHEQUE.label),
            (Membership.Mode.CARD_TERMINAL, Membership.Mode.CARD_TERMINAL.label),
        ],
    )


class PlanChoiceForm(BackofficeForm):
    plan = forms.ModelChoiceField(label=_("plan"), queryset=Plan.objects.none())

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans if plans is not None else Plan.objects.all()


class PlanForm(CleaningModelForm):
    setup_fee = decimal_field(_("set-up fee"), required=True, min_value=0, max_value=1500)
    yearly_flat_fee = decimal_field(_("yearly flat fee"), min_value=0)
    revenue_percent = decimal_field(_("share of turnover (%)"), min_value=0, max_value=100)
    reduced_percent = decimal_field(_("reduced share of turnover (%)"), min_value=0, max_value=100)
    floor = decimal_field(_("yearly minimum"), min_value=0)
    cap = decimal_field(_("yearly maximum"), min_value=0)
    application_fee_percent = decimal_field(
        _("fee on online payments (%)"), required=True, min_value=0, max_value=10
    )

    class Meta:
        model = Plan
        fields = [
            "name",
            "slug",
            "description",
            "setup_fee",
            "yearly_flat_fee",
            "revenue_percent",
            "reduced_percent",
            "reduced_months",
            "floor",
            "cap",
            "application_fee_percent",
            "position",
            "active",
        ]


class MarkPaidForm(BackofficeForm):
    reference = forms.CharField(label=_("transfer reference"), max_length=100)
