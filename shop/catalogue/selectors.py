"""Reads of the producer space: a producer's products, as each page needs them.

Every selector runs a fixed number of queries whatever the catalogue size.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from shop.catalogue.models import Category, Producer, Product, ProductPhoto, Variant
from shop.cycles.models import OfferItem


def producer_products_list(
    *,
    producer: Producer,
    category_id: int | None = None,
    active: bool | None = None,
    search: str = "",
) -> QuerySet[Product]:
    """The producer's products with category, variants and photos, for the list page."""
    products = (
        Product.objects.filter(producer=producer)
        .select_related("category")
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id")),
        )
        .order_by("name", "id")
    )
    if category_id is not None:
        products = products.filter(category_id=category_id)
    if active is not None:
        products = products.filter(active=active)
    search = search.strip()
    if search:
        products = products.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(variants__label__icontains=search)
        ).distinct()
    return products


def producer_products_categories() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name")


def producer_products_variants_in_use(*, variant_ids) -> set[int]:
    """Variants that were ever offered (hence maybe ordered): never deleted, only deactivated.

    An order line always points at an offer item of its variant (both are
    protected foreign keys), so the offer items alone answer the question.
    """
    return set(
        OfferItem.objects.filter(variant_id__in=list(variant_ids))
        .values_list("variant_id", flat=True)
        .distinct()
    )


def producer_products_for_export(*, producer: Producer) -> QuerySet[Variant]:
    """Every variant of the producer's products, one CSV row each, in a stable order."""
    return (
        Variant.objects.filter(product__producer=producer)
        .select_related("product__category")
        .order_by("product__name", "product_id", "position", "id")
    )


def producer_products_for_import(*, producer: Producer) -> list[Product]:
    """The producer's products with their variants, to match imported rows against."""
    return list(
        Product.objects.filter(producer=producer).prefetch_related(
            Prefetch("variants", queryset=Variant.objects.order_by("position", "id"))
        )
    )


def producer_products_counts(*, producer: Producer) -> dict[str, int]:
    return Product.objects.filter(producer=producer).aggregate(
        total=Count("id"), active=Count("id", filter=Q(active=True))
    )
