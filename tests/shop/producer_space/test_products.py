"""Bruno keeps his products, their variants and prices up to date."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shop.catalogue.models import Product, Variant
from shop.catalogue.services import ProductFields, VariantFields, product_create
from shop.cycles.models import OfferItem
from shop.demo.factories import make_category, make_cycle, make_point, make_product, offer


def product_post(category, *variants, **fields) -> dict:
    """The form as a browser sends it; `variants` are dicts of a variant's fields."""
    data = {
        "name": "Carottes nouvelles",
        "category": category.pk,
        "unit": "kg",
        "vat_rate": "5.50",
        "storage": "fresh",
        "description": "",
        "variants-TOTAL_FORMS": str(len(variants)),
        "variants-INITIAL_FORMS": str(sum(1 for v in variants if v.get("id"))),
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    for i, variant in enumerate(variants):
        data.update({f"variants-{i}-{key}": value for key, value in variant.items()})
    return data


def test_bruno_creates_a_product_with_two_variants(bruno_client, farm, vegetables):
    page = bruno_client.post(
        "/producteur/produits/nouveau/",
        product_post(
            vegetables,
            {"label": "botte", "price": "2,80", "pro_price": "2,20", "active": "on"},
            {"label": "1 kg", "price": "4.50", "active": "on"},
        ),
    )
    product = Product.objects.get(producer=farm)
    assert page.status_code == 302
    assert page["Location"] == f"/producteur/produits/{product.pk}/"
    assert product.name == "Carottes nouvelles"
    assert product.vat_rate == Decimal("5.50")
    assert [(v.label, v.price, v.pro_price) for v in product.variants.all()] == [
        ("botte", Decimal("2.80"), Decimal("2.20")),
        ("1 kg", Decimal("4.50"), None),
    ]


def test_a_product_needs_a_price(bruno_client, farm, vegetables):
    page = bruno_client.post(
        "/producteur/produits/nouveau/",
        product_post(vegetables, {"label": "botte", "price": "abc", "active": "on"}),
    )
    assert page.status_code == 200
    assert "Enter a number." in page.content.decode()
    assert not Product.objects.filter(producer=farm).exists()


def test_vat_exempt_farm_sells_without_vat_whatever_is_posted(bruno_client, farm, vegetables):
    farm.vat_exempt = True
    farm.save()
    form = bruno_client.get("/producteur/produits/nouveau/").content.decode()
    assert "VAT exempt (art. 293 B CGI)" in form
    bruno_client.post(
        "/producteur/produits/nouveau/",
        product_post(vegetables, {"price": "3", "active": "on"}, vat_rate="20.00"),
    )
    assert Product.objects.get(producer=farm).vat_rate == Decimal("0.00")


def test_two_products_cannot_share_a_name(farm, vegetables):
    make_product(farm, "Poireaux")
    with pytest.raises(ValidationError, match="already have a product named"):
        product_create(
            producer=farm,
            fields=ProductFields(name="poireaux", category=vegetables),
            variants=[VariantFields(label="", price=Decimal("2"))],
        )


def test_variable_weight_needs_a_weight_per_piece(farm, vegetables):
    with pytest.raises(ValidationError, match="estimated weight per piece"):
        product_create(
            producer=farm,
            fields=ProductFields(
                name="Poulet", category=vegetables, unit="kg", variable_weight=True
            ),
            variants=[VariantFields(label="entier", price=Decimal("12.50"))],
        )


def test_a_product_keeps_at_least_one_variant(bruno_client, farm, vegetables):
    product = make_product(farm, "Poireaux")
    variant = product.variants.get()
    page = bruno_client.post(
        f"/producteur/produits/{product.pk}/",
        product_post(
            vegetables,
            {"id": variant.pk, "price": "2", "active": "on", "DELETE": "on"},
            name="Poireaux",
        ),
    )
    assert page.status_code == 200
    assert Variant.objects.filter(pk=variant.pk).exists()


def test_bruno_edits_prices_adds_and_deletes_variants(bruno_client, farm, vegetables):
    product = make_product(farm, "Oignons", variants=[("500 g", "1.50"), ("1 kg", "2.80")])
    small, large = product.variants.all()
    page = bruno_client.post(
        f"/producteur/produits/{product.pk}/",
        product_post(
            vegetables,
            {"id": small.pk, "label": "500 g", "price": "1,60", "active": "on"},
            {"id": large.pk, "label": "1 kg", "price": "2,80", "active": "on", "DELETE": "on"},
            {"label": "filet 2 kg", "price": "5", "active": "on"},
            name="Oignons rouges",
        ),
    )
    assert page.status_code == 302
    product.refresh_from_db()
    assert product.name == "Oignons rouges"
    assert [(v.label, v.price) for v in product.variants.all()] == [
        ("500 g", Decimal("1.60")),
        ("filet 2 kg", Decimal("5.00")),
    ]


def test_a_variant_once_on_offer_is_deactivated_instead_of_deleted(bruno_client, farm, vegetables):
    product = make_product(farm, "Oignons", variants=[("500 g", "1.50"), ("1 kg", "2.80")])
    small, large = product.variants.all()
    cycle = make_cycle([make_point()])
    OfferItem.objects.create(cycle=cycle, variant=large)
    edit_page = bruno_client.get(f"/producteur/produits/{product.pk}/").content.decode()
    assert "in offers" in edit_page

    bruno_client.post(
        f"/producteur/produits/{product.pk}/",
        product_post(
            vegetables,
            {"id": small.pk, "label": "500 g", "price": "1,50", "active": "on"},
            {"id": large.pk, "label": "1 kg", "price": "2,80", "active": "on", "DELETE": "on"},
            name="Oignons",
        ),
    )
    large.refresh_from_db()
    assert large.active is False
    assert OfferItem.objects.filter(variant=large).exists()


def test_withdrawing_a_product_takes_it_out_of_open_offers_not_yet_ordered(bruno_client, farm):
    product = make_product(farm, "Fraises", variants=[("250 g", "3"), ("500 g", "5.50")])
    cycle = make_cycle([make_point()])
    unsold, sold = offer(cycle, product)
    OfferItem.objects.filter(pk=sold.pk).update(quantity_sold=2, quantity_available=10)

    page = bruno_client.post(f"/producteur/produits/{product.pk}/en-vente/", {"active": "0"})
    assert page.status_code == 302
    product.refresh_from_db()
    assert product.active is False
    assert not OfferItem.objects.filter(pk=unsold.pk).exists()
    assert OfferItem.objects.filter(pk=sold.pk).exists()  # its orders still point at it

    bruno_client.post(f"/producteur/produits/{product.pk}/en-vente/", {"active": "1"})
    product.refresh_from_db()
    assert product.active is True


def test_list_filters_by_category_status_and_search(bruno_client, farm, vegetables):
    fruits = make_category("Fruits")
    make_product(farm, "Pommes Reinette", category=fruits)
    make_product(farm, "Poireaux", category=vegetables)
    make_product(farm, "Céleri", category=vegetables, active=False)

    def names(query: str) -> set[str]:
        page = bruno_client.get(f"/producteur/produits/?{query}").content.decode()
        return {n for n in ("Pommes Reinette", "Poireaux", "Céleri") if n in page}

    assert names("") == {"Pommes Reinette", "Poireaux", "Céleri"}
    assert names(f"category={fruits.pk}") == {"Pommes Reinette"}
    assert names("active=0") == {"Céleri"}
    assert names("active=1&q=poi") == {"Poireaux"}


def test_list_shows_variants_prices_vat_and_storage(bruno_client, farm):
    make_product(
        farm, "Miel", vat="5.50", unit="jar", storage="ambient", variants=[("250 g", "5.50")]
    )
    page = bruno_client.get("/producteur/produits/").content.decode()
    assert "250 g" in page and "5.50 €" in page and "5.5 %" in page and "Ambient" in page
