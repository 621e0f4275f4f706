"""The staff console's billing pages (apex domain, /console/facturation/): provider staff only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.events.models import StripeEvent
from billing.events.services import event_replay
from billing.forms import MarkPaidForm, PlanChoiceForm, PlanForm
from billing.models import Plan, Subscription
from billing.provider.collection import provider_invoice_mark_paid
from billing.provider.models import ProviderInvoice
from billing.provider.pdf import provider_invoice_pdf
from billing.provider.selectors import open_invoices, revenue
from billing.provider.subscriptions import plan_save, subscription_change_plan
from shop.backoffice.forms.base import add_service_errors


def staff_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    """Revenue per collective, monthly recurring revenue, invoices to collect."""
    return render(
        request,
        "billing/staff/overview.html",
        {"revenue": revenue(), "open_invoices": open_invoices()[:200]},
    )


def _invoice(number: str) -> ProviderInvoice:
    invoice = ProviderInvoice.objects.select_related("collective").filter(number=number).first()
    if invoice is None:
        raise Http404
    return invoice


@staff_required
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    invoice = _invoice(number)
    response = HttpResponse(provider_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@staff_required
@require_POST
def invoice_paid(request: HttpRequest, number: str) -> HttpResponse:
    """A bank transfer arrived for this invoice."""
    invoice = _invoice(number)
    form = MarkPaidForm(request.POST)
    if form.is_valid():
        provider_invoice_mark_paid(
            invoice=invoice, reference=form.cleaned_data["reference"], by=request.user.email
        )
        messages.success(request, _("Invoice %(number)s is paid.") % {"number": number})
    else:
        messages.error(request, _("Give the transfer's reference."))
    return redirect("billing_staff:overview")


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/staff/plans.html", {"plans": Plan.objects.all()})


@staff_required
def plan_edit(request: HttpRequest, plan_id: int | None = None) -> HttpResponse:
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else None
    if plan_id and plan is None:
        raise Http404
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_save(plan=plan, details=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("billing_staff:plan_list")
    return render(request, "billing/staff/plan_form.html", {"form": form, "plan": plan})


@staff_required
@require_POST
def collective_plan(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = (
        Subscription.objects.select_related("collective").filter(pk=subscription_id).first()
    )
    if subscription is None:
        raise Http404
    form = PlanChoiceForm(request.POST)
    if form.is_valid():
        subscription_change_plan(
            collective=subscription.collective,
            plan=form.cleaned_data["plan"],
            by=request.user.email,
        )
        messages.success(
            request, _("The plan of %(name)s is changed.") % {"name": subscription.collective}
        )
    return redirect("billing_staff:overview")


@staff_required
def event_list(request: HttpRequest) -> HttpResponse:
    failed = StripeEvent.objects.filter(processed_at__isnull=True).select_related("collective")
    recent = StripeEvent.objects.select_related("collective")
    return render(
        request,
        "billing/staff/events.html",
        {"failed": failed.order_by("-received_at")[:200], "recent": recent[:100]},
    )


@staff_required
@require_POST
def event_retry(request: HttpRequest, event_id: int) -> HttpResponse:
    stored = StripeEvent.objects.filter(pk=event_id).first()
    if stored is None:
        raise Http404
    stored = event_replay(event=stored)
    if stored.processed_at:
        messages.success(request, _("The event is processed."))
    else:
        messages.error(request, _("The event failed again: %(error)s") % {"error": stored.error})
    return redirect("billing_staff:event_list")
