"""Admins find orders and change or cancel one for a consumer, until the deadline."""

from decimal import Decimal

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from shop.orders.models import Order
from shop.orders.services import order_place
from tests.conftest import login, make_user


@pytest.fixture
def placed(panier, shop):
    chloe = make_user(panier, "chloe@example.fr", first_name="Chloé", last_name="Martin")
    with tenant_context(panier):
        return order_place(
            customer=chloe,
            cycle=shop.cycle,
            point=shop.farm,
            items={shop.variant(shop.carrots).pk: Decimal(2)},
        )


@pytest.fixture
def admin_client(panier, alice):
    return login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)


def test_admin_finds_an_order_by_consumer_name(admin_client, placed):
    page = admin_client.get("/gestion/commandes/?q=martin").content.decode()
    assert placed.number in page
    assert placed.number not in admin_client.get("/gestion/commandes/?q=dupont").content.decode()


def test_admin_filters_orders_by_pickup_point_and_producer(admin_client, placed, shop):
    by_point = admin_client.get(f"/gestion/commandes/?point={shop.epicerie.pk}").content.decode()
    assert placed.number not in by_point
    producer = shop.carrots.producer_id
    assert (
        placed.number
        in admin_client.get(f"/gestion/commandes/?producer={producer}").content.decode()
    )


def test_admin_changes_an_order_for_the_consumer(panier, admin_client, placed, shop):
    carrots, honey = shop.variant(shop.carrots), shop.variant(shop.honey, "250 g")
    response = admin_client.post(
        f"/gestion/commandes/{placed.pk}/modifier/",
        {f"qty-{carrots.pk}": "5", f"qty-{honey.pk}": "1"},
    )
    assert response.status_code == 302
    with tenant_context(panier):
        order = Order.objects.get(pk=placed.pk)
        assert order.total_incl_vat == Decimal("19.50")  # 5 × 2,80 + 5,50
        assert order.customer.email == "chloe@example.fr"


def test_admin_cannot_oversell_on_behalf_of_a_consumer(panier, admin_client, placed, shop):
    carrots = shop.variant(shop.carrots)
    admin_client.post(f"/gestion/commandes/{placed.pk}/modifier/", {f"qty-{carrots.pk}": "11"})
    with tenant_context(panier):
        assert Order.objects.get(pk=placed.pk).lines.get().quantity == 2


def test_admin_cancels_an_order_for_the_consumer(panier, admin_client, placed):
    admin_client.post(f"/gestion/commandes/{placed.pk}/annuler/")
    with tenant_context(panier):
        assert Order.objects.get(pk=placed.pk).status == Order.Status.CANCELLED


def test_orders_are_frozen_for_admins_after_the_deadline(panier, admin_client, placed, shop):
    from django.utils import timezone

    with tenant_context(panier):
        shop.cycle.closed_at = timezone.now()
        shop.cycle.save()
    page = admin_client.get(f"/gestion/commandes/{placed.pk}/").content.decode()
    assert "qty-" not in page
    carrots = shop.variant(shop.carrots)
    admin_client.post(f"/gestion/commandes/{placed.pk}/modifier/", {f"qty-{carrots.pk}": "1"})
    with tenant_context(panier):
        assert Order.objects.get(pk=placed.pk).lines.get().quantity == 2


def test_consumers_and_other_collectives_cannot_see_orders(panier, bocage, placed, denis):
    consumer = login(
        Client(HTTP_HOST="panier-des-pres.localhost"), make_user(panier, "x@example.fr"), panier
    )
    assert consumer.get("/gestion/commandes/").status_code == 403
    other_admin = login(Client(HTTP_HOST="bocage-paysan.localhost"), denis, bocage)
    assert other_admin.get(f"/gestion/commandes/{placed.pk}/").status_code == 404


def test_order_list_queries_do_not_grow_with_orders(
    panier, admin_client, shop, django_assert_max_num_queries
):
    with tenant_context(panier):
        for i in range(15):
            order_place(
                customer=make_user(panier, f"c{i}@example.fr"),
                cycle=shop.cycle,
                point=shop.farm,
                items={shop.variant(shop.honey, "250 g").pk: Decimal(1)},
            )
    with django_assert_max_num_queries(24):  # ~12 queries, each after its SET search_path
        assert admin_client.get("/gestion/commandes/").status_code == 200
