"""Work bank pages: members record their hours (/travail/); admins review quarters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groupage.accounts.models import Role
from shop.access import admin_required, role_required
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.views.common import in_collective_zone, page_of
from shop.catalogue.models import Producer
from shop.dashboard.charts import Series, bar_chart
from shop.dashboard.csv_export import csv_response
from shop.workbank import services
from shop.workbank.balances import quarter_balance
from shop.workbank.forms import RuleForm, WorkEntryForm
from shop.workbank.models import WorkBankRule
from shop.workbank.quarters import Quarter
from shop.workbank.selectors import entries_in, entries_visible_to, get_entry_for

members_required = role_required(Role.PRODUCER, Role.DEPOT_KEEPER)


def _quarter(text: str | None, today) -> Quarter:
    if not text:
        return Quarter.of(today)
    try:
        return Quarter.parse(text)
    except ValueError:
        raise Http404 from None


@members_required
@in_collective_zone
def work_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    quarter = _quarter(request.GET.get("trimestre"), today)
    is_admin = request.user.role == Role.ADMIN
    form = WorkEntryForm(request.POST or None, for_admin=is_admin, initial={"date": today})
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data.get("member") or request.user
        try:
            services.work_entry_record(
                member=member, details=form.details(), by=request.user, today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your hours were recorded. Thank you!"))
            return redirect("workbank:home")
    producer = Producer.objects.filter(user=request.user).first()
    own = None
    if producer is not None:
        own = next((r for r in quarter_balance(quarter).rows if r.producer_id == producer.pk), None)
    return render(
        request,
        "workbank/home.html",
        {
            "form": form,
            "quarter": quarter,
            "page": page_of(request, entries_visible_to(request.user, quarter)),
            "query": f"trimestre={quarter.slug}",
            "own": own,
            "is_admin": is_admin,
        },
    )


@members_required
@require_POST
def work_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id)
    try:
        services.work_entry_delete(entry=entry, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The entry was deleted."))
    return redirect(reverse("workbank:home") + f"?trimestre={Quarter.of(entry.date).slug}")


@admin_required
@in_collective_zone
def quarter_review(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    quarter = _quarter(request.GET.get("trimestre"), today)
    balance = quarter_balance(quarter)
    chart = bar_chart(
        [row.name for row in balance.rows],
        [
            Series(_("Hours given"), [row.hours for row in balance.rows]),
            Series(_("Hours expected"), [row.expected for row in balance.rows]),
        ],
        title=_("Hours given and expected per producer, %(quarter)s") % {"quarter": quarter},
        decimals=1,
    )
    rule = WorkBankRule.load()
    return render(
        request,
        "workbank/quarter.html",
        {
            "balance": balance,
            "quarter": quarter,
            "chart": chart,
            "rule_form": RuleForm(initial={"expected_hours": rule.expected_hours_per_quarter}),
            "can_close": balance.closed is None and today >= quarter.end,
            "previous": quarter.previous(),
            "next": quarter.next() if quarter.next().start <= today else None,
        },
    )


@admin_required
@require_POST
def rule_update(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST)
    back = reverse("workbank:workbank_quarters") + f"?trimestre={request.POST.get('trimestre', '')}"
    if not form.is_valid():
        messages.error(request, _("Give a number of hours, 0 or more."))
        return redirect(back)
    try:
        services.rule_update(expected_hours=form.cleaned_data["expected_hours"], by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The work bank's rule was saved."))
    return redirect(back)


@admin_required
@require_POST
def quarter_close(request: HttpRequest, quarter: str) -> HttpResponse:
    chosen = _quarter(quarter, None)
    try:
        services.quarter_close(
            quarter=chosen, by=request.user, today=timezone.localdate(timezone=request.tenant.zone)
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("%(quarter)s is closed.") % {"quarter": chosen})
    return redirect(reverse("workbank:workbank_quarters") + f"?trimestre={chosen.slug}")


@admin_required
def quarter_csv(request: HttpRequest, quarter: str) -> HttpResponse:
    chosen = _quarter(quarter, None)
    balance = quarter_balance(chosen)
    rows = [
        (r.name, r.hours, r.sales, r.share_percent, r.expected, r.balance) for r in balance.rows
    ]
    rows.append((_("Other members (employee, volunteers)"), balance.other_hours, "", "", "", ""))
    return csv_response(
        f"banque-de-travail-{chosen.slug}.csv",
        ("producer", "hours", "sales_incl_vat", "share_percent", "expected_hours", "balance"),
        rows,
    )


@admin_required
@in_collective_zone
def entries_csv(request: HttpRequest, quarter: str) -> HttpResponse:
    chosen = _quarter(quarter, None)
    rows = (
        (
            e.date,
            e.member.get_full_name() or e.member.email,
            e.producer.farm_name if e.producer else "",
            e.get_task_type_display(),
            e.hours,
            e.note,
        )
        for e in entries_in(chosen).order_by("date", "id")
    )
    return csv_response(
        f"heures-{chosen.slug}.csv", ("date", "member", "producer", "task", "hours", "note"), rows
    )
