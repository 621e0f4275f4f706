from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shop.access import admin_required
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.forms.settings import CollectiveIdentityForm, ShopSettingsForm
from shop.members import services
from shop.members.models import ShopSettings
from tenants.services import collective_update_identity


@admin_required
def shop_settings(request: HttpRequest) -> HttpResponse:
    form = ShopSettingsForm(
        request.POST or None, request.FILES or None, instance=ShopSettings.load()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_settings_update(
                details=form.details(),
                logo=form.new_logo,
                remove_logo=form.logo_removed,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The shop's settings were saved."))
            return redirect("backoffice:shop_settings")
    return render(request, "backoffice/settings/shop.html", {"form": form})


@admin_required
def identity(request: HttpRequest) -> HttpResponse:
    form = CollectiveIdentityForm(request.POST or None, instance=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            collective_update_identity(
                collective=request.tenant, by=request.user, **form.identity()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The collective's identity was saved."))
            return redirect("backoffice:identity")
    return render(request, "backoffice/settings/identity.html", {"form": form})
