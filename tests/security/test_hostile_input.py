"""Every page fed hostile values by the people allowed to post there: a clear
answer, never a server error, and nothing stored half-way."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django_tenants.utils import tenant_context

from shop.cycles.models import OfferItem
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.orders.models import Order, OrderLine
from shop.orders.services import order_place
from tests.conftest import login, make_user
from tests.security.test_isolation_matrix import collective_urls, fill

HOSTILE_VALUES = [
    "-1",
    "99999999999999999999999999e309",
    "<script>alert(1)</script>' OR 1=1 --",
    "\x00NaN",
    "é" * 5000,
]


def hostile_payload(value: str) -> dict:
    names = [
        "quantity",
        "price",
        "pro_price",
        "variant",
        "cycle",
        "point",
        "q",
        "name",
        "farm_name",
        "email",
        "siret",
        "capacity",
        "opens_at",
        "closes_at",
        "weekday",
        "amount",
        "note",
        "minimum_order_amount",
        "vat_rate",
        "hours",
        "date",
        "role",
        "status",
        "next",
        "qty-1",
        "form-TOTAL_FORMS",
        "form-INITIAL_FORMS",
        "variants-TOTAL_FORMS",
    ]
    return dict.fromkeys(names, value)


@pytest.fixture
def actors(panier):
    alice = make_user(panier, "alice@panier.fr", "admin")
    bruno = make_user(panier, "bruno@panier.fr", "producer")
    chloe = make_user(panier, "chloe@panier.fr", "consumer")
    with tenant_context(panier):
        farm = make_producer(user=bruno, farm_name="Ferme de Bruno")
        product = make_product(farm, "Carottes", "2.80")
        point = make_point()
        cycle = make_cycle([point])
        offer(cycle, product, quantity=10)
        order = order_place(
            customer=chloe, cycle=cycle, point=point, items={product.variants.get().pk: Decimal(2)}
        )
    ids = {
        "producer_id": str(farm.pk),
        "product_id": str(product.pk),
        "point_id": str(point.pk),
        "order_id": str(order.pk),
        "number": order.number,
        "cycle_id": str(cycle.pk),
        "user_id": str(chloe.pk),
        "slug": farm.slug,
    }
    clients = {
        role: login(
            Client(HTTP_HOST="panier-des-pres.localhost", raise_request_exception=False),
            user,
            panier,
        )
        for role, user in (("admin", alice), ("producer", bruno), ("consumer", chloe))
    }
    return ids, clients, order


def natural_role(route: str) -> str:
    """Who may post there: outsiders are the isolation matrix's business."""
    if route.startswith("producteur/"):
        return "producer"
    if route.startswith(("gestion/", "depot/")):
        return "admin"
    return "consumer"


def test_hostile_values_never_break_a_page(actors, panier):
    ids, clients, _order = actors
    broken = []
    for route in collective_urls():
        url = fill(route, ids)
        role = natural_role(route)
        client = clients[role]
        for value in HOSTILE_VALUES:
            response = client.post(url, hostile_payload(value))
            if response.status_code >= 500:
                broken.append(f"{role} POST {url} with {value[:20]!r}: {response.status_code}")
    assert not broken, "\n".join(broken[:40])
    with tenant_context(panier):
        # Whatever was accepted, stock and orders still agree: nothing half-way.
        for item in OfferItem.objects.all():
            live = (
                OrderLine.objects.filter(
                    offer_item=item, order__status=Order.Status.PLACED
                ).aggregate(total=Sum("quantity"))["total"]
                or 0
            )
            assert item.quantity_sold == live


def test_wrong_and_oversized_files_are_refused_with_a_message(actors, panier):
    ids, clients, _ = actors
    fake_image = SimpleUploadedFile("photo.jpg", b"<?php echo 'not an image'; ?>", "image/jpeg")
    huge = SimpleUploadedFile(
        "huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * (6 * 1024 * 1024), "image/png"
    )
    broken = []
    for route in collective_urls():
        url = fill(route, ids)
        role = natural_role(route)
        client = clients[role]
        for upload in (fake_image, huge):
            upload.seek(0)
            response = client.post(
                url, {"photos": upload, "photo": upload, "logo": upload, "file": upload}
            )
            if response.status_code >= 500:
                broken.append(f"{role} uploading {upload.name} to {url}: {response.status_code}")
    assert not broken, "\n".join(broken[:40])
    from shop.catalogue.models import Producer, ProductPhoto
    from shop.members.models import ShopSettings

    with tenant_context(panier):  # refused files are stored nowhere
        assert not ProductPhoto.objects.exists()
        assert not ShopSettings.load().logo
        assert not Producer.objects.exclude(photo="").exists()
