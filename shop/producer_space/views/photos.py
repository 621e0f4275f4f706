"""A product's photos: upload several, move, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import producer_required
from shop.catalogue import services
from shop.producer_space.access import get_photo_for, get_product_for
from shop.producer_space.forms.photos import PhotoMoveForm, PhotoUploadForm
from shop.producer_space.views.common import redirect_space, report


@require_POST
@producer_required
def photo_upload(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_product_for(request.user, product_id)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            added = services.product_photos_add(
                product=product, uploads=form.cleaned_data["photos"]
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request,
                ngettext("%(n)d photo added.", "%(n)d photos added.", len(added))
                % {"n": len(added)},
            )
    return redirect_space(request, product.producer, "producer_space:product_edit", product.pk)


@require_POST
@producer_required
def photo_move(request: HttpRequest, product_id: int, photo_id: int) -> HttpResponse:
    photo = get_photo_for(request.user, product_id, photo_id)
    form = PhotoMoveForm(request.POST)
    if form.is_valid():
        try:
            services.product_photo_move(photo=photo, offset=form.cleaned_data["offset"])
        except ValidationError as error:
            report(request, error)
    return redirect_space(
        request, photo.product.producer, "producer_space:product_edit", photo.product_id
    )


@require_POST
@producer_required
def photo_delete(request: HttpRequest, product_id: int, photo_id: int) -> HttpResponse:
    photo = get_photo_for(request.user, product_id, photo_id)
    services.product_photo_delete(photo=photo)
    messages.success(request, _("Photo deleted."))
    return redirect_space(
        request, photo.product.producer, "producer_space:product_edit", photo.product_id
    )
