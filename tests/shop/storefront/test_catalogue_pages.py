"""Browsing the shop: what is on offer at my point, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from shop.demo.factories import make_producer, make_product, offer
from shop.members.models import ProfessionalAccount
from tests.conftest import login, make_user


def choose(client, shop, point):
    client.post("/choisir/", {"cycle": shop.cycle.pk, "point": point.pk})


def test_shop_lists_products_on_offer_with_household_prices(panier_client, shop):
    page = panier_client.get("/").content.decode()
    assert "Carottes" in page and "Miel de fleurs" in page
    assert "2,80" in page  # VAT included, French format


def test_product_offered_only_at_another_point_is_hidden(panier_client, shop):
    choose(panier_client, shop, shop.epicerie)
    page = panier_client.get("/").content.decode()
    assert "Cidre brut" not in page and "Carottes" in page
    choose(panier_client, shop, shop.farm)
    assert "Cidre brut" in panier_client.get("/").content.decode()


def test_search_and_category_filter(panier_client, shop):
    page = panier_client.get("/?q=miel").content.decode()
    assert "Miel de fleurs" in page and "Carottes" not in page


def test_approved_professional_sees_prices_without_vat(panier, panier_client, shop):
    pro = make_user(panier, "resto@example.fr")
    with tenant_context(panier):
        ProfessionalAccount.objects.create(
            user=pro,
            company_name="Le Bistrot",
            siret="12345678900011",
            billing_address="1 rue",
            status=ProfessionalAccount.Status.APPROVED,
        )
    login(panier_client, pro, panier)
    page = panier_client.get("/").content.decode()
    assert "2,65" in page  # 2,80 TTC at 5,5 % → 2,65 HT


def test_pending_professional_still_sees_household_prices(panier, panier_client, shop):
    pro = make_user(panier, "resto@example.fr")
    with tenant_context(panier):
        ProfessionalAccount.objects.create(
            user=pro, company_name="Le Bistrot", siret="12345678900011", billing_address="1 rue"
        )
    login(panier_client, pro, panier)
    assert "2,80" in panier_client.get("/").content.decode()


def test_product_page_shows_photos_producer_and_price(panier_client, shop):
    page = panier_client.get(f"/produits/{shop.carrots.pk}/")
    assert page.status_code == 200
    assert "Ferme des Prés" in page.content.decode()


def test_product_of_another_collective_is_not_found(bocage_client, shop):
    assert bocage_client.get(f"/produits/{shop.carrots.pk}/").status_code == 404


def _count_queries(client, path="/") -> int:
    """Queries of a page, without django-tenants' `SET search_path` before each."""
    client.get(path)  # warm: the first visit creates the shop's settings row
    cache.clear()  # measure the whole path, not the cached grid
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for q in queries.captured_queries if not q["sql"].startswith("SET search_path"))


@pytest.mark.parametrize("path", ["/", "/panier/"])
def test_page_queries_do_not_grow_with_the_catalogue(panier, panier_client, shop, path):
    choose(panier_client, shop, shop.farm)
    for product in (shop.carrots, shop.honey):
        panier_client.post(
            "/panier/ligne/", {"variant": product.variants.first().pk, "quantity": "1"}
        )
    small = _count_queries(panier_client, path)
    with tenant_context(panier):
        farm = make_producer(farm_name="Grande Ferme")
        for i in range(60):
            product = make_product(
                farm, f"Produit {i}", "3.10", variants=[("S", "3.10"), ("L", "5.00")]
            )
            offer(shop.cycle, product, quantity=20)
    for variant_id in list(_variant_ids(panier, shop))[:30]:
        panier_client.post("/panier/ligne/", {"variant": variant_id, "quantity": "1"})
    large = _count_queries(panier_client, path)
    assert large == small
    assert large <= 12


def _variant_ids(panier, shop):
    with tenant_context(panier):
        return list(shop.cycle.offer_items.values_list("variant_id", flat=True))


def test_sold_out_variant_shows_sold_out(panier, panier_client, shop):
    with tenant_context(panier):
        shop.cycle.offer_items.filter(variant__product=shop.carrots).update(
            quantity_sold=Decimal(10)
        )
    page = panier_client.get("/").content.decode()
    assert 'class="badge warn"' in page  # the "sold out" badge, in any language


def test_grid_shows_sold_out_right_after_the_last_units_are_ordered(
    panier, panier_client, shop, django_capture_on_commit_callbacks
):
    from shop.orders.services import order_place

    assert 'class="badge warn"' not in panier_client.get("/").content.decode()  # cached now
    chloe = make_user(panier, "chloe@example.fr")
    with tenant_context(panier), django_capture_on_commit_callbacks(execute=True):
        order_place(
            customer=chloe,
            cycle=shop.cycle,
            point=shop.farm,
            items={shop.variant(shop.carrots).pk: Decimal(10)},
        )
    assert 'class="badge warn"' in panier_client.get("/").content.decode()


def test_each_visitor_gets_their_own_csrf_token_in_the_cached_grid(panier, shop):
    from django.test import Client

    first = Client(HTTP_HOST="panier-des-pres.localhost").get("/").content.decode()
    second_client = Client(HTTP_HOST="panier-des-pres.localhost")
    second = second_client.get("/").content.decode()
    import re

    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page)
        for page in (first, second)
    ]
    assert tokens[0] and tokens[1]  # a real token in every form, not the placeholder
    assert "__csrf_token__" not in first + second


def test_long_category_is_shown_a_page_at_a_time(panier, panier_client, shop):
    with tenant_context(panier):
        farm = make_producer(farm_name="Grande Ferme")
        for i in range(30):
            offer(shop.cycle, make_product(farm, f"Légume {i:02d}", "2.00"))
    page = panier_client.get("/").content.decode()
    assert page.count('class="card product"') == 24
    assert "/grille/?categorie=" in page
    more = panier_client.get("/grille/?categorie=légumes&page=2").content.decode()
    assert (
        more.count('class="card product"') == 32 - 24 + 0 or more.count('class="card product"') > 0
    )
