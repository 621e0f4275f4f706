"""The back-office's people and things.

Alice is admin of Panier des Prés; Bruno (producer), Karim (depot keeper) and
Chloé (consumer) are members there; Denis is admin of Bocage Paysan. Pages
are asked for in English so that assertions do not depend on translations.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context
from PIL import Image

from tests.conftest import host_of, login, make_user

VALID_SIRET = "92229928400013"  # 14 digits, check digit right
OTHER_VALID_SIRET = "58036432100019"


def client_for(collective) -> Client:
    return Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def bruno(panier):
    return make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")


@pytest.fixture
def karim(panier):
    return make_user(panier, "karim@epicerie-acigne.fr", "depot_keeper", first_name="Karim")


@pytest.fixture
def anonymous(panier) -> Client:
    return client_for(panier)


@pytest.fixture
def alice_client(panier, alice) -> Client:
    return login(client_for(panier), alice, panier)


@pytest.fixture
def chloe_client(panier, chloe) -> Client:
    return login(client_for(panier), chloe, panier)


@pytest.fixture
def bruno_client(panier, bruno) -> Client:
    return login(client_for(panier), bruno, panier)


@pytest.fixture
def karim_client(panier, karim) -> Client:
    return login(client_for(panier), karim, panier)


@pytest.fixture
def denis_client(bocage, denis) -> Client:
    """Denis, signed in on his own collective's host."""
    return login(client_for(bocage), denis, bocage)


def image_upload(name="photo.png", image_format="PNG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (47, 107, 58)).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def in_schema(collective):
    """Read or write a collective's rows directly (after requests that moved the connection)."""
    return tenant_context(collective)
