"""From basket to placed order, as a consumer does it on their phone."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from shop.cycles.models import OfferItem
from shop.orders.models import Order
from tests.conftest import login, make_user


@pytest.fixture
def chloe(panier, shop):
    return make_user(panier, "chloe@example.fr", first_name="Chloé")


def add(client, variant, quantity="1", **extra):
    return client.post(
        "/panier/ligne/",
        {"variant": variant.pk, "quantity": quantity, **extra},
        **extra.pop("headers", {}),
    )


def test_adding_to_the_basket_with_htmx_returns_the_basket(panier_client, shop):
    response = panier_client.post(
        "/panier/ligne/",
        {"variant": shop.variant(shop.carrots).pk, "quantity": "2", "add": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Carottes" in body and "5,60" in body
    assert "<html" not in body  # a fragment, no page reload


def test_adding_twice_adds_up(panier_client, shop):
    for _ in range(2):
        panier_client.post(
            "/panier/ligne/",
            {"variant": shop.variant(shop.carrots).pk, "quantity": "1", "add": "1"},
        )
    assert "5,60" in panier_client.get("/panier/").content.decode()


@pytest.mark.parametrize("quantity", ["-3", "abc", "100000", "1.5", "1e400", "NaN"])
def test_bad_quantity_is_refused_and_the_basket_kept(panier_client, shop, quantity):
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.honey, "250 g").pk, "quantity": "2"}
    )
    response = panier_client.post(
        "/panier/ligne/",
        {"variant": shop.variant(shop.honey, "250 g").pk, "quantity": quantity},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    assert "11,00" in panier_client.get("/panier/").content.decode()  # still 2 × 5,50


def test_unknown_variant_is_not_found(panier_client, shop):
    assert (
        panier_client.post("/panier/ligne/", {"variant": "999999", "quantity": "1"}).status_code
        == 404
    )
    assert (
        panier_client.post("/panier/ligne/", {"variant": "1 OR 1=1", "quantity": "1"}).status_code
        == 404
    )


def test_checkout_requires_signing_in(panier_client, shop):
    response = panier_client.get("/commande/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_consumer_places_an_order_and_sees_it(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "3"}
    )
    response = panier_client.post("/commande/", {"note": "Merci !"})
    assert response.status_code == 302
    with tenant_context(panier):
        order = Order.objects.get(customer=chloe)
    assert response["Location"] == f"/mes-commandes/{order.number}/"
    page = panier_client.get(response["Location"]).content.decode()
    assert "8,40" in page and "Ferme des Prés" in page
    assert "Carottes" not in panier_client.get("/panier/").content.decode()  # basket emptied


def test_refused_order_keeps_the_basket_and_says_what_remains(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "4"}
    )
    with tenant_context(panier):
        OfferItem.objects.filter(variant=shop.variant(shop.carrots)).update(
            quantity_sold=Decimal(8)
        )
    response = panier_client.post("/commande/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.content.decode()
    assert "Carottes" in body and "only 2 left" in body
    assert "4" in body  # the basket still holds what she asked for
    with tenant_context(panier):
        assert not Order.objects.exists()


def test_tampered_pickup_point_is_ignored(panier, panier_client, shop, chloe):
    from shop.demo.factories import make_point

    with tenant_context(panier):
        secret = make_point("Point fermé", active=False)
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": secret.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "1"}
    )
    response = panier_client.post("/commande/")
    assert response.status_code == 422
    with tenant_context(panier):
        assert not Order.objects.exists()


def test_price_sent_by_the_browser_is_ignored(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/",
        {"variant": shop.variant(shop.carrots).pk, "quantity": "1", "price": "0.01"},
    )
    panier_client.post("/commande/", {"price": "0.01", "total": "0.01"})
    with tenant_context(panier):
        assert Order.objects.get().total_incl_vat == Decimal("2.80")


def test_consumer_changes_the_order_before_the_deadline(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "3"}
    )
    panier_client.post("/commande/")
    with tenant_context(panier):
        number = Order.objects.get().number
    panier_client.post(f"/mes-commandes/{number}/modifier/")
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "5"}
    )
    panier_client.post("/commande/")
    with tenant_context(panier):
        order = Order.objects.get()
        assert order.number == number and order.lines.get().quantity == 5
        assert OfferItem.objects.get(variant=shop.variant(shop.carrots)).quantity_sold == 5


def test_consumer_cancels_and_reorders_in_one_click(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.honey, "500 g").pk, "quantity": "2"}
    )
    panier_client.post("/commande/")
    with tenant_context(panier):
        number = Order.objects.get().number
    panier_client.post(f"/mes-commandes/{number}/annuler/")
    with tenant_context(panier):
        assert Order.objects.get().status == Order.Status.CANCELLED
    panier_client.post(f"/mes-commandes/{number}/recommander/")
    assert "19,00" in panier_client.get("/panier/").content.decode()


def test_order_of_someone_else_is_not_found(panier, panier_client, shop, chloe):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "1"}
    )
    panier_client.post("/commande/")
    with tenant_context(panier):
        number = Order.objects.get().number
    other = make_user(panier, "other@example.fr")
    from django.test import Client

    snoop = login(Client(HTTP_HOST="panier-des-pres.localhost"), other, panier)
    assert snoop.get(f"/mes-commandes/{number}/").status_code == 404
    assert snoop.post(f"/mes-commandes/{number}/annuler/").status_code == 404


def test_order_number_on_another_collective_is_not_found(
    panier, bocage, panier_client, shop, chloe, bocage_client
):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "1"}
    )
    panier_client.post("/commande/")
    with tenant_context(panier):
        number = Order.objects.get().number
    elise = make_user(bocage, "elise@example.fr")
    login(bocage_client, elise, bocage)
    assert bocage_client.get(f"/mes-commandes/{number}/").status_code == 404
