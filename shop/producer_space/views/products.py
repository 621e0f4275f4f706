"""A producer's products: the list, creating and editing one with its variants."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.access import producer_required
from shop.catalogue import services
from shop.catalogue.selectors import producer_products_list, producer_products_variants_in_use
from shop.producer_space.access import get_product_for, space_producer
from shop.producer_space.forms.photos import PhotoUploadForm
from shop.producer_space.forms.products import (
    ProductFilterForm,
    ProductForm,
    VariantFormSet,
    variants_initial,
)
from shop.producer_space.views.common import redirect_space, render_space, report

PAGE_SIZE = 50


@producer_required
def product_list(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    filters = ProductFilterForm(request.GET)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    products = producer_products_list(
        producer=producer,
        category_id=wanted["category"].pk if wanted.get("category") else None,
        active=wanted.get("active"),
        search=wanted.get("q", ""),
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_space(request, "product_list.html", producer, {"filters": filters, "page": page})


@producer_required
def product_create(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    form = ProductForm(request.POST or None, producer=producer)
    variants = VariantFormSet(request.POST or None, prefix="variants")
    if request.method == "POST" and form.is_valid() and variants.is_valid():
        try:
            product = services.product_create(
                producer=producer,
                fields=form.product_fields(),
                variants=variants.variant_fields(),
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": product.name})
            return redirect_space(request, producer, "producer_space:product_edit", product.pk)
    return render_space(
        request, "product_form.html", producer, {"form": form, "variants": variants}
    )


@producer_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_product_for(request.user, product_id)
    form = ProductForm(
        request.POST or None, producer=product.producer, initial=ProductForm.initial_for(product)
    )
    variants = VariantFormSet(
        request.POST or None, prefix="variants", initial=variants_initial(product)
    )
    if request.method == "POST" and form.is_valid() and variants.is_valid():
        try:
            services.product_update(
                product=product,
                fields=form.product_fields(),
                variants=variants.variant_fields(),
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect_space(
                request, product.producer, "producer_space:product_edit", product.pk
            )
    in_use = producer_products_variants_in_use(variant_ids=[v.pk for v in product.variants.all()])
    return render_space(
        request,
        "product_form.html",
        product.producer,
        {
            "product": product,
            "form": form,
            "variants": variants,
            "in_use": in_use,
            "photos": product.photos.all(),
            "photo_form": PhotoUploadForm(),
        },
    )


@require_POST
@producer_required
def product_set_active(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_product_for(request.user, product_id)
    active = request.POST.get("active") == "1"
    product = services.product_set_active(product=product, active=active)
    if active:
        messages.success(request, _("“%(name)s” is on sale again.") % {"name": product.name})
    else:
        messages.success(
            request,
            _(
                "“%(name)s” is withdrawn from sale, and from the open offers where nobody ordered it yet."
            )
            % {"name": product.name},
        )
    if request.POST.get("back") == "list":
        return redirect_space(request, product.producer, "producer_space:products")
    return redirect_space(request, product.producer, "producer_space:product_edit", product.pk)
