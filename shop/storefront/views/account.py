"""The consumer's profile, professional request, and the collective's pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shop.members.models import ProfessionalAccount
from shop.members.profiles import professional_request, profile_update
from shop.members.selectors import profile_of
from shop.pickup.models import PickupPoint


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("fr", "Français"), ("en", "English")]
    )
    default_pickup_point = forms.ModelChoiceField(
        label=gettext_lazy("Usual pickup point"),
        queryset=PickupPoint.objects.filter(active=True),
        required=False,
    )
    reminders_opt_out = forms.BooleanField(
        label=gettext_lazy("Do not send me the reminder before the deadline"), required=False
    )


class ProfessionalForm(forms.Form):
    company_name = forms.CharField(label=gettext_lazy("Company name"), max_length=200)
    siret = forms.CharField(label=gettext_lazy("SIRET"), max_length=20)
    vat_number = forms.CharField(label=gettext_lazy("VAT number"), max_length=20, required=False)
    billing_address = forms.CharField(
        label=gettext_lazy("Billing address"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = profile_of(user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
        "default_pickup_point": current.default_pickup_point if current else None,
        "reminders_opt_out": current.reminders_opt_out if current else False,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("storefront:profile")
    pro = ProfessionalAccount.objects.filter(user=user).first()
    return render(request, "storefront/profile.html", {"form": form, "pro": pro})


@login_required
def professional(request: HttpRequest) -> HttpResponse:
    form = ProfessionalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            professional_request(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your request is sent; the collective will answer soon."))
            return redirect("storefront:profile")
    return render(request, "storefront/professional.html", {"form": form})


def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/rules.html")
