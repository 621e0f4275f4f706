"""Console forms: read and clean; the maintenance services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import Plan
from maintenance.models import FeatureFlag, Ring
from maintenance.support import MINUTES
from tenants.models import Collective


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FleetFilterForm(_Form):
    query = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any")), *Collective.Status.choices],
    )
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    ring = forms.ChoiceField(
        label=_("Ring"), required=False, choices=[("", _("any")), *Ring.choices]
    )
    schema = forms.ChoiceField(
        label=_("Schema"),
        required=False,
        choices=[("", _("any")), ("behind", _("migrations pending")), ("current", _("up to date"))],
    )
    errors = forms.BooleanField(label=_("With errors"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("any")), *Plan.objects.values_list("slug", "name")]


class ReasonForm(_Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(_Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupportForm(_Form):
    reason = forms.CharField(
        label=_("Why do you need to enter?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The collective's admins read this in their audit log."),
    )
    minutes = forms.IntegerField(
        label=_("For how long (minutes)"), min_value=MINUTES[0], max_value=MINUTES[1], initial=30
    )


class RingForm(_Form):
    ring = forms.TypedChoiceField(label=_("Ring"), choices=Ring.choices, coerce=int)


class FlagForm(_Form):
    key = forms.SlugField(label=_("Key"), max_length=60)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rollout = forms.TypedChoiceField(
        label=_("Rolled out to"), choices=FeatureFlag.Rollout.choices, coerce=int
    )
    beta_opt_in = forms.BooleanField(label=_("Admins may try it as a beta"), required=False)


class OverrideForm(_Form):
    key = forms.SlugField()
    state = forms.ChoiceField(
        choices=[("on", _("on")), ("off", _("off")), ("rollout", _("as rolled out"))]
    )


class AnnouncementForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    feature = forms.ChoiceField(label=_("Only where this feature is on"), required=False)
    ends_at = forms.DateTimeField(
        label=_("Shown until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feature"].choices = [
            ("", "—"),
            *((k, k) for k in FeatureFlag.objects.values_list("key", flat=True)),
        ]


class RestoreForm(_Form):
    export = forms.IntegerField(widget=forms.HiddenInput)
    slug = forms.CharField(label=_("Subdomain of the restored collective"), max_length=40)
    name = forms.CharField(label=_("Name (empty: as exported)"), max_length=120, required=False)
