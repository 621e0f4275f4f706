"""Consumers' payments in the back-office: settings and Stripe, orders, members, what is due."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.events.models import StripeEvent
from billing.events.services import event_replay
from billing.forms import MembershipPaymentForm, PaymentSettingsForm, RefundForm
from billing.payments import membership as memberships
from billing.payments import selectors
from billing.payments.models import Membership, PaymentSettings
from billing.payments.services import setup
from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import order_charge_final, order_refund
from billing.payments.views import UNREACHABLE
from shop.access import admin_required
from shop.backoffice.forms.base import add_service_errors
from shop.orders.selectors import get_order_for_admin


@admin_required
def payment_settings(request: HttpRequest) -> HttpResponse:
    row = PaymentSettings.load()
    form = PaymentSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            setup.payment_settings_update(details=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment settings were saved."))
            return redirect("backoffice:billing:payment_settings")
    return render(
        request, "billing/backoffice/payment_settings.html", {"form": form, "settings": row}
    )


@admin_required
@require_POST
def connect(request: HttpRequest) -> HttpResponse:
    """Off to Stripe, to create or finish the collective's own account."""
    try:
        url = setup.connect_start(
            collective=request.tenant,
            email=request.tenant.contact_email or request.user.email,
            refresh_url=request.build_absolute_uri(reverse("backoffice:billing:connect_return")),
            return_url=request.build_absolute_uri(reverse("backoffice:billing:connect_return")),
        )
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("backoffice:billing:payment_settings")
    except UNREACHABLE:
        messages.error(request, _("Stripe cannot be reached right now; please retry later."))
        return redirect("backoffice:billing:payment_settings")
    return redirect(url)


@admin_required
def connect_return(request: HttpRequest) -> HttpResponse:
    try:
        row = setup.connect_refresh(collective=request.tenant)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
    except UNREACHABLE:
        messages.warning(request, _("We could not check with Stripe yet; come back in a moment."))
    else:
        if row.charges_enabled:
            messages.success(request, _("Your Stripe account is ready to take payments."))
        else:
            messages.info(request, _("Stripe still needs some information to activate payments."))
    return redirect("backoffice:billing:payment_settings")


@admin_required
def order_payment(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_order_for_admin(order_id)
    payment = selectors.payment_of(order)
    form = RefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order_refund(
                order=order,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except PaymentRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The refund is on its way to the consumer's card."))
            return redirect("backoffice:billing:order_payment", order_id=order.pk)
    paid, due, later = selectors.due_of(order, payment)
    return render(
        request,
        "billing/backoffice/order_payment.html",
        {
            "order": order,
            "payment": payment,
            "form": form,
            "paid": paid,
            "due": due,
            "later": later,
        },
        status=422 if form.errors else 200,
    )


@admin_required
@require_POST
def order_charge(request: HttpRequest, order_id: int) -> HttpResponse:
    """Charge the final amount now (the order is weighed and complete)."""
    order = get_order_for_admin(order_id)
    try:
        payment = order_charge_final(order=order)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
    else:
        if payment is None:
            messages.info(request, _("This order is paid at pickup."))
        else:
            messages.info(request, payment.get_status_display())
    return redirect("backoffice:billing:order_payment", order_id=order.pk)


@admin_required
def member_list(request: HttpRequest) -> HttpResponse:
    year = memberships.current_year()
    if request.GET.get("annee", "").isdigit():
        year = int(request.GET["annee"])
    rows = memberships.members(year)
    return render(
        request,
        "billing/backoffice/members.html",
        {
            "year": year,
            "rows": rows,
            "form": MembershipPaymentForm(),
            "paid": sum(m.amount for m in rows if m.status == Membership.Status.PAID),
        },
    )


@admin_required
@require_POST
def member_paid(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Record a membership fee taken at pickup."""
    current = Membership.objects.filter(pk=membership_id).first()
    form = MembershipPaymentForm(request.POST)
    if current is None:
        raise Http404
    if form.is_valid():
        memberships.membership_record_payment(
            membership=current, mode=form.cleaned_data["mode"], by=request.user
        )
        messages.success(request, _("Membership of %(name)s recorded.") % {"name": current.user})
    back = request.POST.get("back", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("backoffice:billing:member_list")


@admin_required
def dues(request: HttpRequest) -> HttpResponse:
    """What is still to take at a distribution (the pickup list's money column)."""
    distributions = selectors.distributions_for_dues(request.user)
    chosen = None
    rows = []
    if request.GET.get("distribution", "").isdigit():
        chosen = selectors.get_distribution_for(request.user, int(request.GET["distribution"]))
        rows = selectors.dues_for_distribution(chosen)
    return render(
        request,
        "billing/backoffice/dues.html",
        {
            "distributions": distributions,
            "chosen": chosen,
            "rows": rows,
            "total": sum(r.total_due for r in rows),
            "membership_form": MembershipPaymentForm(),
        },
    )


@admin_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = StripeEvent.objects.filter(collective_id=request.tenant.pk).order_by("-received_at")
    return render(
        request,
        "billing/backoffice/events.html",
        {"events": events[:100], "failed": events.filter(processed_at__isnull=True)[:100]},
    )


@admin_required
@require_POST
def event_retry(request: HttpRequest, event_id: int) -> HttpResponse:
    stored = StripeEvent.objects.filter(pk=event_id, collective_id=request.tenant.pk).first()
    if stored is None:
        raise Http404
    stored = event_replay(event=stored, collective=request.tenant)
    if stored.processed_at:
        messages.success(request, _("The event is processed."))
    else:
        messages.error(request, _("The event failed again: %(error)s") % {"error": stored.error})
    return redirect("backoffice:billing:event_list")
