"""Panier des Prés' producer space: Bruno (Ferme des Prés) and Gaëlle (Rucher du Bocage),
another producer of the same collective whose products Bruno must never reach."""

import pytest
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context

from shop.catalogue.models import ProductPhoto
from shop.demo.factories import make_category, make_producer, make_product
from tests.conftest import host_of, login, make_user


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the msgids), pages asked for in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def bruno(panier):
    return make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")


@pytest.fixture
def farm(in_panier, bruno):
    """Bruno's farm."""
    return make_producer(user=bruno, farm_name="Ferme des Prés")


@pytest.fixture
def gaelle_product(in_panier, panier):
    gaelle = make_user(panier, "gaelle@rucher.fr", "producer", first_name="Gaëlle")
    rucher = make_producer(user=gaelle, farm_name="Rucher du Bocage")
    return make_product(rucher, "Miel de châtaignier", "9.50", unit="jar", storage="ambient")


@pytest.fixture
def vegetables(in_panier):
    return make_category("Légumes")


def english_client(panier, user=None) -> Client:
    """A browser in English (the msgids), signed in as `user` if given."""
    client = Client(HTTP_HOST=host_of(panier), HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    if user is not None:
        login(client, user, panier)
    return client


@pytest.fixture
def bruno_client(panier, bruno, farm):
    return english_client(panier, bruno)


@pytest.fixture
def alice_client(panier, alice):
    return english_client(panier, alice)


@pytest.fixture
def photo_files(panier):
    """Removes the files of the photos a test stored (the rows roll back, files would stay)."""
    yield
    with tenant_context(panier):
        for photo in ProductPhoto.objects.all():
            photo.image.delete(save=False)
            photo.thumbnail.delete(save=False)
