"""A new collective's set-up checklist, its support access log and what's new."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from maintenance.announcements import announcements_for
from maintenance.features import beta_features_for, feature_beta_choose
from maintenance.models import AuditEntry, SupportGrant
from shop.access import admin_required
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.views.common import in_collective_zone, site_url
from shop.onboarding import services
from shop.onboarding.checklist import onboarding_steps
from shop.onboarding.forms import InviteForm, PaymentModesForm
from shop.onboarding.models import PaymentModes


@require_GET
@admin_required
def checklist(request: HttpRequest) -> HttpResponse:
    steps = onboarding_steps(request.tenant)
    return render(
        request,
        "onboarding/checklist.html",
        {"steps": steps, "done": sum(s.done for s in steps), "total": len(steps)},
    )


@admin_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.producers_invite(
                text=form.cleaned_data["emails"], site_url=site_url(request), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s producer invited: they get an e-mail with a link.",
                    "%(count)s producers invited: each gets an e-mail with a link.",
                    count,
                )
                % {"count": count},
            )
            return redirect("backoffice:onboarding:checklist")
    return render(request, "onboarding/invite.html", {"form": form})


@admin_required
def payment(request: HttpRequest) -> HttpResponse:
    billing = services.billing_payment_settings()
    current = PaymentModes.load()
    form = PaymentModesForm(
        request.POST or None,
        initial={
            "at_pickup": current.at_pickup,
            "online": current.online,
            "bank_transfer": current.bank_transfer,
        },
    )
    if request.method == "POST":
        try:
            if billing is not None:
                services.payment_modes_confirm(by=request.user)
            elif form.is_valid():
                services.payment_modes_choose(by=request.user, **form.cleaned_data)
            else:
                raise ValidationError(_("Choose at least one way to pay."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Payment modes saved."))
            return redirect("backoffice:onboarding:checklist")
    return render(request, "onboarding/payment.html", {"form": form, "billing": billing})


@require_POST
@admin_required
def open_shop(request: HttpRequest) -> HttpResponse:
    try:
        services.shop_open(by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your shop is open: consumers can order."))
    return redirect("backoffice:onboarding:checklist")


@require_GET
@admin_required
@in_collective_zone
def support_log(request: HttpRequest) -> HttpResponse:
    """What the provider's staff did here, and when they entered, and why."""
    collective = request.tenant
    return render(
        request,
        "onboarding/support_log.html",
        {
            "grants": SupportGrant.objects.filter(collective=collective)[:100],
            "entries": AuditEntry.objects.filter(collective=collective)[:100],
        },
    )


@admin_required
def whats_new(request: HttpRequest) -> HttpResponse:
    collective = request.tenant
    if request.method == "POST":
        try:
            feature_beta_choose(
                collective=collective,
                key=request.POST.get("key", ""),
                join=request.POST.get("join") == "1",
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("backoffice:onboarding:whats_new")
    return render(
        request,
        "onboarding/whats_new.html",
        {"notes": announcements_for(collective, limit=20), "betas": beta_features_for(collective)},
    )
