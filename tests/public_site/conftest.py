"""Founding a new collective from the public site."""

import pytest
from django.test import Client

PASSWORD = "Trèfle-des-prés-2025"


def sign_up_data(**changes) -> dict:
    data = {
        "collective_name": "Les Paniers du Vallon",
        "territory": "Vallée de la Vilaine",
        "slug": "paniers-du-vallon",
        "admin_name": "Marion Le Goff",
        "email": "marion@paniers-du-vallon.fr",
        "password": PASSWORD,
        "plan": "decouverte",
        "accept": "on",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def founder(db) -> Client:
    """Marion, founding a collective from her browser on the platform's site."""
    return Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7")


@pytest.fixture(autouse=True)
def _in_english(settings):
    """Pages and messages in English (the msgids), whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
