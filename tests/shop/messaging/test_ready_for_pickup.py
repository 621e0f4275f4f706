"""On the morning of the distribution, each consumer with an order to collect is
told once that it is ready, with the point's hours."""

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core import mail

from shop.messaging.ready import send_ready_for_pickup
from shop.orders.models import Order
from shop.orders.services import order_place
from tests.conftest import make_user

PARIS = ZoneInfo("Europe/Paris")


def test_ready_notice_goes_once_on_the_distribution_morning(panier, shop):
    chloe = make_user(panier, "chloe@example.fr", first_name="Chloé")
    elise = make_user(panier, "elise@example.fr", first_name="Élise")
    for buyer in (chloe, elise):
        order_place(
            customer=buyer,
            cycle=shop.cycle,
            point=shop.farm,
            items={shop.variant(shop.carrots).pk: Decimal(1)},
        )
    Order.objects.filter(customer=elise).update(status=Order.Status.COLLECTED)
    day = shop.cycle.distributions.get(pickup_point=shop.farm).date
    mail.outbox.clear()

    assert send_ready_for_pickup(zone=PARIS, now=datetime.combine(day, time(7, 30), PARIS)) == 0
    assert send_ready_for_pickup(zone=PARIS, now=datetime.combine(day, time(9, 0), PARIS)) == 1
    assert send_ready_for_pickup(zone=PARIS, now=datetime.combine(day, time(10, 0), PARIS)) == 0
    assert [m.to for m in mail.outbox] == [["chloe@example.fr"]]
    assert "Ferme des Prés" in mail.outbox[0].body
