"""Whose space a request works in, and the producer space's ownership lookups.

A producer works in their own space only. An admin of the collective may work
in any producer's space: on the list pages (products, import/export, offer)
they name the producer with `?producer=<id>`, which every link and form of
the space carries along; a page about one product works for that product's
producer. Lookups answer 404 alike for "does not exist" and "not yours".
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from groupage.accounts.models import Role
from shop.access import producer_of
from shop.catalogue.models import Producer, Product, ProductPhoto


def is_admin(user) -> bool:
    return user.role == Role.ADMIN


def space_producer(request: HttpRequest) -> Producer | None:
    """The producer the request works for; None for an admin who has not chosen one."""
    wanted = request.GET.get("producer", "")
    if is_admin(request.user):
        return get_object_or_404(Producer, pk=_id(wanted)) if wanted else None
    producer = producer_of(request.user)
    if wanted and wanted != str(producer.pk):
        raise Http404
    return producer


def get_product_for(user, product_id) -> Product:
    """The product, if `user` may manage it: its producer, or an admin."""
    products = Product.objects.select_related("producer", "category")
    if not is_admin(user):
        products = products.filter(producer__user=user)
    return get_object_or_404(products, pk=_id(product_id))


def get_photo_for(user, product_id, photo_id) -> ProductPhoto:
    product = get_product_for(user, product_id)
    return get_object_or_404(
        ProductPhoto.objects.select_related("product"), pk=_id(photo_id), product=product
    )


def space_query(request: HttpRequest, producer: Producer | None) -> str:
    """What the space's links carry: `?producer=<id>` for an admin, nothing for a producer."""
    if producer is not None and is_admin(request.user):
        return f"?producer={producer.pk}"
    return ""


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
