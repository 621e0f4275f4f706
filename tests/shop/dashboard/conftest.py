"""Two farms and two pickup points of Panier des Prés, with their sales.

Bruno runs Ferme des Prés (carrots, VAT 5.5 %), Gaëlle La Chèvrerie (cheese);
the farm shop and Épicerie Le Bocal are the pickup points. Pages in English.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from shop.catalogue.models import Producer, Variant
from shop.demo.factories import make_point, make_producer, make_product
from shop.pickup.models import PickupPoint
from tests.conftest import host_of, login, make_user


@dataclass
class Farms:
    pres: Producer
    chevrerie: Producer
    farm: PickupPoint
    bocal: PickupPoint
    carrots: Variant
    cheese: Variant


@pytest.fixture
def bruno(panier):
    return make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")


@pytest.fixture
def gaelle(panier):
    return make_user(panier, "gaelle@chevrerie.fr", "producer", first_name="Gaëlle")


@pytest.fixture
def hugo(panier):
    return make_user(panier, "hugo@example.org", "consumer", first_name="Hugo")


@pytest.fixture
def farms(in_panier, bruno, gaelle) -> Farms:
    pres = make_producer(bruno, farm_name="Ferme des Prés")
    chevrerie = make_producer(gaelle, farm_name="La Chèvrerie")
    return Farms(
        pres,
        chevrerie,
        make_point("Ferme des Prés", weekday=4),
        make_point("Épicerie Le Bocal", weekday=4, kind="shop"),
        make_product(pres, "Carottes", "2.00").variants.get(),
        make_product(chevrerie, "Crottin", "3.00", "5.50").variants.get(),
    )


def signed_in(collective, user) -> Client:
    return login(Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en"), user, collective)
