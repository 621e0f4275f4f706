"""The collective's subscription to the platform: plan, usage, invoices, payment method."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.forms import PlanChoiceForm
from billing.models import Plan
from billing.payments.views import STRIPE_CSP, UNREACHABLE
from billing.provider import collection
from billing.provider.pdf import provider_invoice_pdf
from billing.provider.selectors import get_invoice_for, subscription_page
from billing.provider.subscriptions import subscription_change_plan
from shop.access import admin_required


@admin_required
def overview(request: HttpRequest) -> HttpResponse:
    page = subscription_page(request.tenant)
    form = PlanChoiceForm(
        plans=Plan.objects.filter(active=True),
        initial={"plan": page.subscription.plan_id if page.subscription else None},
    )
    return render(request, "billing/backoffice/subscription.html", {"page": page, "form": form})


@admin_required
@require_POST
def change_plan(request: HttpRequest) -> HttpResponse:
    form = PlanChoiceForm(request.POST, plans=Plan.objects.filter(active=True))
    if form.is_valid():
        subscription_change_plan(
            collective=request.tenant, plan=form.cleaned_data["plan"], by=request.user.email
        )
        messages.success(request, _("Your plan is changed; the next invoice follows it."))
    else:
        messages.error(request, _("Choose one of the plans on offer."))
    return redirect("backoffice:billing:overview")


@admin_required
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    invoice = get_invoice_for(request.tenant, number)
    response = HttpResponse(provider_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


def _stripe_page(request, context: dict) -> HttpResponse:
    response = render(
        request,
        "billing/backoffice/stripe_page.html",
        {"publishable_key": settings.STRIPE_PUBLISHABLE_KEY, "stripe_account": "", **context},
    )
    response["Content-Security-Policy"] = STRIPE_CSP
    return response


@admin_required
def invoice_pay(request: HttpRequest, number: str) -> HttpResponse:
    invoice = get_invoice_for(request.tenant, number)
    try:
        secret = collection.provider_invoice_pay_start(invoice=invoice)
    except collection.CollectionRefused as refused:
        messages.info(request, refused.message)
        return redirect("backoffice:billing:overview")
    except UNREACHABLE:
        messages.error(request, _("Card payment is unavailable right now; please retry later."))
        return redirect("backoffice:billing:overview")
    return _stripe_page(
        request,
        {"invoice": invoice, "client_secret": secret, "mode": "payment", "purpose": "invoice"},
    )


@admin_required
def invoice_return(request: HttpRequest, number: str) -> HttpResponse:
    invoice = get_invoice_for(request.tenant, number)
    try:
        invoice = collection.provider_invoice_returned(
            invoice=invoice, payment_intent_id=request.GET.get("payment_intent", "")
        )
    except collection.CollectionRefused as refused:
        messages.error(request, refused.message)
    except UNREACHABLE:
        messages.warning(request, _("We could not check with Stripe yet; come back in a moment."))
    else:
        if invoice.status == invoice.Status.PAID:
            messages.success(request, _("Thank you, the invoice is paid."))
        else:
            messages.error(request, _("The payment did not go through."))
    return redirect("backoffice:billing:overview")


@admin_required
def card(request: HttpRequest) -> HttpResponse:
    try:
        secret = collection.billing_card_setup(collective=request.tenant)
    except collection.CollectionRefused as refused:
        messages.error(request, refused.message)
        return redirect("backoffice:billing:overview")
    except UNREACHABLE:
        messages.error(request, _("Card payment is unavailable right now; please retry later."))
        return redirect("backoffice:billing:overview")
    return _stripe_page(request, {"client_secret": secret, "mode": "setup", "purpose": "card"})


@admin_required
def card_return(request: HttpRequest) -> HttpResponse:
    try:
        collection.billing_card_saved(
            collective=request.tenant, setup_intent_id=request.GET.get("setup_intent", "")
        )
    except collection.CollectionRefused as refused:
        messages.error(request, refused.message)
    except UNREACHABLE:
        messages.warning(request, _("We could not check with Stripe yet; come back in a moment."))
    else:
        messages.success(request, _("Your card is saved: invoices are charged to it."))
    return redirect("backoffice:billing:overview")


@admin_required
@require_POST
def transfer(request: HttpRequest) -> HttpResponse:
    try:
        collection.billing_transfer_choose(collective=request.tenant)
    except collection.CollectionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You will pay the invoices by bank transfer."))
    return redirect("backoffice:billing:overview")
