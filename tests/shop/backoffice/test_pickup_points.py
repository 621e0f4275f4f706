"""Alice keeps the pickup points: days, hours, capacity, home delivery, depot keepers."""

from datetime import time
from decimal import Decimal

from django.urls import reverse

from shop.demo.factories import make_point
from shop.pickup.models import PickupPoint

from .conftest import in_schema

CREATE = reverse("backoffice:point_create")


def point_form(**changes):
    data = {
        "name": "Épicerie d'Acigné",
        "kind": "shop",
        "address": "2 place de l'Église",
        "postcode": "35690",
        "city": "Acigné",
        "latitude": "48.133",
        "longitude": "-1.536",
        "weekday": "4",
        "opens_at": "17:00",
        "closes_at": "19:30",
        "capacity": "40",
        "cold_storage": "on",
        "instructions": "Entrée par la cour.",
        "minimum_order_amount": "",
        "delivery_postcodes": "",
        "delivery_fee": "",
        "free_delivery_above": "",
        "active": "on",
        "position": "3",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_adds_a_pickup_point_with_its_keeper(alice_client, panier, karim):
    response = alice_client.post(CREATE, point_form(keepers=[karim.pk]))
    assert response.status_code == 302
    with in_schema(panier):
        point = PickupPoint.objects.get()
        assert list(point.keepers.all()) == [karim]
    assert (point.weekday, point.opens_at, point.closes_at) == (4, time(17), time(19, 30))
    assert point.capacity == 40 and point.cold_storage and point.position == 3
    assert point.minimum_order_amount is None
    assert point.delivery_fee == Decimal("0.00")


def test_a_point_that_closes_before_it_opens_is_refused(alice_client, panier):
    response = alice_client.post(CREATE, point_form(opens_at="19:00", closes_at="18:00"))
    assert "closes_at" in response.context["form"].errors
    assert "Entrée par la cour." in response.content.decode()
    with in_schema(panier):
        assert not PickupPoint.objects.exists()


def test_only_depot_keepers_can_keep_a_point(alice_client, panier, chloe):
    response = alice_client.post(CREATE, point_form(keepers=[chloe.pk]))
    assert "keepers" in response.context["form"].errors
    with in_schema(panier):
        assert not PickupPoint.objects.exists()


def test_home_delivery_serves_postcodes_for_a_fee(alice_client, panier):
    response = alice_client.post(
        CREATE,
        point_form(
            kind="home_delivery",
            name="Livraison Rennes Est",
            delivery_postcodes="35000,35510  35700",
            delivery_fee="3.50",
            free_delivery_above="60",
        ),
    )
    assert response.status_code == 302
    with in_schema(panier):
        point = PickupPoint.objects.get()
    assert point.delivery_postcodes == "35000, 35510, 35700"
    assert point.serves_postcode("35510")
    assert point.delivery_fee == Decimal("3.50")
    assert point.free_delivery_above == Decimal("60.00")


def test_home_delivery_without_postcodes_is_refused(alice_client, panier):
    response = alice_client.post(CREATE, point_form(kind="home_delivery"))
    assert "delivery_postcodes" in response.context["form"].errors
    with in_schema(panier):
        assert not PickupPoint.objects.exists()


def test_amounts_typed_the_french_way_are_read_exactly(panier, alice):
    from django.test import Client

    from tests.conftest import host_of, login

    french = login(Client(HTTP_HOST=host_of(panier), HTTP_ACCEPT_LANGUAGE="fr"), alice, panier)
    french.post(CREATE, point_form(minimum_order_amount="12,50", delivery_fee="0,10"))
    with in_schema(panier):
        point = PickupPoint.objects.get()
    assert point.minimum_order_amount == Decimal("12.50")
    assert point.delivery_fee == Decimal("0.10")


def test_a_negative_fee_is_refused(alice_client, panier):
    response = alice_client.post(CREATE, point_form(delivery_fee="-1"))
    assert "delivery_fee" in response.context["form"].errors


def test_admin_edits_a_point(alice_client, panier, karim):
    with in_schema(panier):
        point = make_point("Ferme du Bois", weekday=4)
        point.keepers.add(karim)
    url = reverse("backoffice:point_edit", args=[point.pk])
    page = alice_client.get(url)
    assert page.context["form"]["name"].value() == "Ferme du Bois"
    response = alice_client.post(url, point_form(name="Ferme du Bois", weekday="5", active=None))
    assert response.status_code == 302
    with in_schema(panier):
        point.refresh_from_db()
        assert not point.keepers.exists()
    assert point.weekday == 5 and not point.active


def test_the_point_list_shows_each_point_with_its_keepers(alice_client, panier, karim):
    with in_schema(panier):
        make_point("Ferme du Bois").keepers.add(karim)
        make_point("Maison de quartier", kind="community_centre")
    response = alice_client.get(reverse("backoffice:point_list"))
    page = response.content.decode()
    assert "Ferme du Bois" in page and "Maison de quartier" in page and "Karim" in page
