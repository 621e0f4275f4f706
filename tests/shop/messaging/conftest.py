"""A week at Panier des Prés, seen from its mailboxes.

Orders for the cycle close on Friday 12 June 2026 at 20:00, Paris time; the
collective reminds 24 hours before. Chloé (consumer) and Hugo (consumer,
English) have accounts; Élise is a consumer of Bocage Paysan, another
collective. Pages are asked for in English.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from shop.catalogue.models import Variant
from shop.cycles.models import OrderCycle
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.orders.services import order_place
from shop.pickup.models import PickupPoint
from tests.conftest import host_of, login, make_user

PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2026, 6, 12, 20, 0, tzinfo=PARIS)  # a Friday
OPENS = datetime(2026, 5, 22, 20, 0, tzinfo=PARIS)


@dataclass
class Week:
    cycle: OrderCycle
    point: PickupPoint
    carrots: Variant


def make_week(*, deadline: datetime = DEADLINE, opens: datetime = OPENS) -> Week:
    producer = make_producer(farm_name="Ferme des Prés")
    point = make_point("Ferme du Bois", weekday=5)
    cycle = make_cycle([point], opens_at=opens, closes_at=deadline)
    carrots = make_product(producer, "Carottes", "2.80")
    offer(cycle, carrots)
    return Week(cycle, point, carrots.variants.get())


@pytest.fixture
def week(in_panier) -> Week:
    return make_week()


def place(week: Week, customer, quantity: str = "2", at: datetime | None = None):
    with time_machine.travel(at or datetime(2026, 6, 10, 9, 0, tzinfo=PARIS), tick=False):
        return order_place(
            customer=customer,
            cycle=week.cycle,
            point=week.point,
            items={week.carrots.pk: Decimal(quantity)},
        )


@pytest.fixture
def hugo(panier):
    return make_user(panier, "hugo@example.org", "consumer", first_name="Hugo", language="en")


@pytest.fixture
def elise(bocage):
    return make_user(bocage, "elise@example.fr", "consumer", first_name="Élise")


def client_for(collective, **extra) -> Client:
    return Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en", **extra)


@pytest.fixture
def alice_client(panier, alice) -> Client:
    return login(client_for(panier), alice, panier)


def sent_to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def html_of(message) -> str:
    return next(content for content, mime in message.alternatives if mime == "text/html")
