from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.backoffice import selectors
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.forms.producers import InvitationForm, ProducerForm, ProducerSearchForm
from shop.backoffice.views.common import page_of, query_without_page, site_url
from shop.catalogue import producers as services
from shop.catalogue.models import Producer


@admin_required
def producer_list(request: HttpRequest) -> HttpResponse:
    search = ProducerSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    rows = selectors.producer_list(search=filters.get("q", ""), active=filters.get("active"))
    return render(
        request,
        "backoffice/producers/list.html",
        {"search": search, "page": page_of(request, rows), "query": query_without_page(request)},
    )


@admin_required
def producer_create(request: HttpRequest) -> HttpResponse:
    form = ProducerForm(request.POST or None, request.FILES or None, with_account=True)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(
                details=form.details(),
                photo=form.new_photo,
                create_account=form.cleaned_data["create_account"],
                site_url=site_url(request),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(farm)s was added.") % {"farm": producer.farm_name})
            if producer.user_id:
                messages.success(
                    request,
                    _("An invitation was e-mailed to %(email)s.") % {"email": producer.email},
                )
            return redirect("backoffice:producer_list")
    return render(request, "backoffice/producers/form.html", {"form": form})


@admin_required
def producer_edit(request: HttpRequest, producer_id: int) -> HttpResponse:
    producer = get_object_or_404(Producer.objects.select_related("user"), pk=producer_id)
    form = ProducerForm(request.POST or None, request.FILES or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_update(
                producer=producer,
                details=form.details(),
                photo=form.new_photo,
                remove_photo=form.photo_removed,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(farm)s was saved.") % {"farm": producer.farm_name})
            return redirect("backoffice:producer_list")
    invitation = InvitationForm(initial={"email": producer.email})
    return render(
        request,
        "backoffice/producers/form.html",
        {"form": form, "producer": producer, "invitation": invitation},
    )


@admin_required
@require_POST
def producer_invite(request: HttpRequest, producer_id: int) -> HttpResponse:
    producer = get_object_or_404(Producer, pk=producer_id)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            user = services.producer_invite(
                producer=producer,
                email=form.cleaned_data["email"],
                site_url=site_url(request),
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("An invitation was e-mailed to %(email)s.") % {"email": user.email}
            )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("backoffice:producer_edit", producer.pk)
