"""Invoicing in the back-office (/gestion/factures/): issue a cycle's invoices,
credit notes, commissions, pickup point statements, settings, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.views.common import in_collective_zone, page_of, query_without_page
from shop.invoicing import selectors
from shop.invoicing.exports.fec import fec_filename, fec_text
from shop.invoicing.exports.journal import sales_journal_csv
from shop.invoicing.forms import (
    CreditNoteForm,
    InvoiceFilterForm,
    InvoicingSettingsForm,
    PeriodForm,
    PickupCommissionForm,
)
from shop.invoicing.models import InvoicingSettings, PickupPointCommission
from shop.invoicing.pdf import render_statement_pdf
from shop.invoicing.services import (
    commission_invoices_issue,
    credit_note_issue,
    cycle_invoices_issue,
    invoicing_settings_update,
    pickup_commission_issue,
    pickup_commission_set,
)
from shop.invoicing.services.credit import remaining_by_line
from shop.invoicing.views.common import invoice_response, pdf_response, text_response
from shop.pickup.models import PickupPoint


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@admin_required
@in_collective_zone
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "invoicing/backoffice/home.html",
        {"cycles": selectors.cycles_to_invoice(), "period": PeriodForm.with_last_month()},
    )


@admin_required
@in_collective_zone
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_closed_cycle(cycle_id)
    return render(
        request,
        "invoicing/backoffice/cycle.html",
        {
            "cycle": cycle,
            "invoicing": getattr(cycle, "invoicing", None),
            "distributions": selectors.distributions_of(cycle),
        },
    )


@admin_required
@require_POST
def cycle_issue(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_closed_cycle(cycle_id)
    try:
        issued = cycle_invoices_issue(cycle=cycle, by=request.user, collective=request.tenant)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            ngettext("%(n)s invoice issued.", "%(n)s invoices issued.", issued.count)
            % {"n": issued.count}
            if issued.count
            else _("Every invoice of this cycle was already issued."),
        )
    return redirect("backoffice:invoicing:cycle", cycle_id=cycle.pk)


@admin_required
@in_collective_zone
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.invoices_for_admin(
        kind=filters.get("kind", ""),
        producer_id=getattr(filters.get("producer"), "pk", None),
        search=filters.get("q", ""),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    return render(
        request,
        "invoicing/backoffice/list.html",
        {"search": form, "page": page_of(request, rows), "query": query_without_page(request)},
    )


@admin_required
@in_collective_zone
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.get_invoice_for_admin(invoice_id)
    remaining = remaining_by_line(invoice) if not invoice.is_credit_note else []
    form = CreditNoteForm(invoice=invoice, remaining=remaining) if remaining else None
    return _detail(request, invoice, form)


def _detail(request, invoice, form) -> HttpResponse:
    return render(
        request,
        "invoicing/backoffice/detail.html",
        {
            "invoice": invoice,
            "form": form,
            "credit_notes": invoice.credit_notes.order_by("issued_at"),
            "can_credit": form is not None and any(left > 0 for _f, _l, left in form.lines),
        },
    )


@admin_required
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return invoice_response(selectors.get_invoice_for_admin(invoice_id))


@admin_required
@require_POST
def credit_note_create(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.get_invoice_for_admin(invoice_id)
    if invoice.is_credit_note:
        messages.error(request, _("A credit note cannot be credited."))
        return redirect("backoffice:invoicing:invoice", invoice_id=invoice.pk)
    form = CreditNoteForm(request.POST, invoice=invoice, remaining=remaining_by_line(invoice))
    if form.is_valid():
        try:
            note = credit_note_issue(
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                line_amounts=None if request.POST.get("all") else form.line_amounts(),
                by=request.user,
                collective=request.tenant,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Credit note %(number)s issued.") % {"number": note.number})
            return redirect("backoffice:invoicing:invoice", invoice_id=note.pk)
    return _detail(request, invoice, form)


@admin_required
@in_collective_zone
def commission(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST) if request.method == "POST" else PeriodForm.with_last_month()
    if request.method == "POST" and form.is_valid():
        try:
            invoices = commission_invoices_issue(
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                by=request.user,
                collective=request.tenant,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s commission invoice issued.",
                    "%(n)s commission invoices issued.",
                    len(invoices),
                )
                % {"n": len(invoices)},
            )
            return redirect(reverse("backoffice:invoicing:invoices") + "?kind=commission")
    return render(
        request,
        "invoicing/backoffice/commission.html",
        {"form": form, "settings": InvoicingSettings.load()},
    )


@admin_required
@in_collective_zone
def statement(request: HttpRequest, distribution_id: int) -> HttpResponse:
    distribution = selectors.get_distribution(distribution_id)
    return render(
        request,
        "invoicing/backoffice/statement.html",
        {
            "statement": selectors.distribution_statement(distribution),
            "partner": PickupPointCommission.objects.filter(
                point_id=distribution.pickup_point_id
            ).first(),
        },
    )


@admin_required
def statement_pdf(request: HttpRequest, distribution_id: int) -> HttpResponse:
    distribution = selectors.get_distribution(distribution_id)
    data = render_statement_pdf(selectors.distribution_statement(distribution), request.tenant)
    name = f"releve-{distribution.date:%Y%m%d}-{distribution.pickup_point_id}.pdf"
    return pdf_response(data, name)


@admin_required
@require_POST
def pickup_commission(request: HttpRequest, distribution_id: int) -> HttpResponse:
    distribution = selectors.get_distribution(distribution_id)
    try:
        invoice = pickup_commission_issue(
            distribution=distribution, by=request.user, collective=request.tenant
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
    return redirect("backoffice:invoicing:statement", distribution_id=distribution.pk)


@admin_required
def settings_page(request: HttpRequest) -> HttpResponse:
    form = InvoicingSettingsForm(request.POST or None, instance=InvoicingSettings.load())
    if request.method == "POST" and form.is_valid():
        try:
            invoicing_settings_update(by=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invoicing settings were saved."))
            return redirect("backoffice:invoicing:settings")
    points = PickupPoint.objects.select_related("commission").order_by("position", "name")
    return render(request, "invoicing/backoffice/settings.html", {"form": form, "points": points})


@admin_required
def point_commission(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(PickupPoint, pk=point_id)
    instance = PickupPointCommission.objects.filter(point=point).first()
    form = PickupCommissionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            pickup_commission_set(
                point=point, rate=form.cleaned_data["rate"], by=request.user, **form.partner()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The commission of %(point)s was saved.") % {"point": point}
            )
            return redirect("backoffice:invoicing:settings")
    return render(
        request, "invoicing/backoffice/point_commission.html", {"form": form, "point": point}
    )


@admin_required
@in_collective_zone
def exports(request: HttpRequest) -> HttpResponse:
    return render(
        request, "invoicing/backoffice/exports.html", {"period": PeriodForm.with_last_month()}
    )


def _period(request: HttpRequest):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data["start"], form.cleaned_data["end"]


@admin_required
def journal_csv(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    if period is None:
        messages.error(request, _("Choose the period to export."))
        return redirect("backoffice:invoicing:exports")
    start, end = period
    invoices = selectors.invoices_for_admin(start=start, end=end)
    return text_response(
        sales_journal_csv(invoices), f"journal-ventes-{start:%Y%m%d}-{end:%Y%m%d}.csv", "text/csv"
    )


@admin_required
def fec(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    if period is None:
        messages.error(request, _("Choose the period to export."))
        return redirect("backoffice:invoicing:exports")
    start, end = period
    return text_response(
        fec_text(start, end), fec_filename(request.tenant.siret[:9], end), "text/plain"
    )
