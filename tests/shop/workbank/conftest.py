"""The work bank of Panier des Prés.

Three farms sell through the collective: Ferme des Prés (Bruno), La Chèvrerie
(Gaëlle) and Le Rucher (no account). Karim keeps a pickup point, Chloé is a
consumer who volunteers. Pages are asked for in English.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from shop.catalogue.models import Producer, Variant
from shop.demo.factories import make_point, make_producer, make_product
from shop.pickup.models import PickupPoint
from tests.conftest import host_of, login, make_user

# The second quarter of 2026, and a day in it.
IN_Q2 = date(2026, 5, 6)


def paris_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("Europe/Paris"))


@dataclass
class Farms:
    pres: Producer
    chevrerie: Producer
    rucher: Producer
    point: PickupPoint
    carrots: Variant
    cheese: Variant
    honey: Variant


@pytest.fixture
def bruno(panier):
    return make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")


@pytest.fixture
def gaelle(panier):
    return make_user(panier, "gaelle@chevrerie.fr", "producer", first_name="Gaëlle")


@pytest.fixture
def karim(panier):
    return make_user(panier, "karim@epicerie.fr", "depot_keeper", first_name="Karim")


@pytest.fixture
def farms(in_panier, bruno, gaelle) -> Farms:
    pres = make_producer(bruno, farm_name="Ferme des Prés")
    chevrerie = make_producer(gaelle, farm_name="La Chèvrerie")
    rucher = make_producer(farm_name="Le Rucher")
    return Farms(
        pres,
        chevrerie,
        rucher,
        make_point("Ferme du Bois"),
        make_product(pres, "Carottes", "2.00").variants.get(),
        make_product(chevrerie, "Crottin", "3.00", "5.50").variants.get(),
        make_product(rucher, "Miel", "8.00", "5.50").variants.get(),
    )


def client_for(collective) -> Client:
    return Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en")


def signed_in(collective, user) -> Client:
    return login(client_for(collective), user, collective)
