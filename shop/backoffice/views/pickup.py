from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shop.access import admin_required
from shop.backoffice import selectors
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.forms.pickup import PickupPointForm
from shop.pickup import services
from shop.pickup.models import PickupPoint


@admin_required
def point_list(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/points/list.html", {"points": selectors.pickup_point_list()})


@admin_required
def point_create(request: HttpRequest) -> HttpResponse:
    form = PickupPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.pickup_point_create(
                details=form.details(), keepers=form.chosen_keepers, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(point)s was added.") % {"point": point.name})
            return redirect("backoffice:point_list")
    return render(request, "backoffice/points/form.html", {"form": form})


@admin_required
def point_edit(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(PickupPoint, pk=point_id)
    form = PickupPointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.pickup_point_update(
                point=point, details=form.details(), keepers=form.chosen_keepers, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(point)s was saved.") % {"point": point.name})
            return redirect("backoffice:point_list")
    return render(request, "backoffice/points/form.html", {"form": form, "point": point})
