from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groupage.accounts.models import User
from shop.access import admin_required
from shop.backoffice import selectors
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.forms.members import DecisionForm, MemberSearchForm, RoleForm
from shop.backoffice.views.common import in_collective_zone, page_of, query_without_page
from shop.members import services
from shop.members.models import ProfessionalAccount


@admin_required
@in_collective_zone
def member_list(request: HttpRequest) -> HttpResponse:
    search = MemberSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.member_list(search=filters.get("q", ""), role=filters.get("role", ""))
    return render(
        request,
        "backoffice/members/list.html",
        {
            "search": search,
            "page": page_of(request, rows),
            "query": query_without_page(request),
            "awaiting": selectors.professionals_awaiting(),
        },
    )


@admin_required
@in_collective_zone
def member_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User.objects.select_related("professional", "producer"), pk=user_id)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.user_change_role(
                user=member, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(member)s is now %(role)s.")
                % {"member": member, "role": member.get_role_display()},
            )
            return redirect("backoffice:member_detail", member.pk)
    return render(request, "backoffice/members/detail.html", {"member": member, "form": form})


@admin_required
@require_POST
def professional_decide(request: HttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(ProfessionalAccount, pk=account_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["decision"] == "approve":
            services.professional_account_approve(account=account, by=request.user)
            messages.success(
                request,
                _("%(company)s may now buy at professional prices.")
                % {"company": account.company_name},
            )
        else:
            services.professional_account_refuse(account=account, by=request.user)
            messages.success(
                request,
                _("The professional account of %(company)s was refused.")
                % {"company": account.company_name},
            )
    else:
        messages.error(request, _("Choose to approve or refuse."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("backoffice:member_list")
