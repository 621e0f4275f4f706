"""Alice sets the shop's look and rules, and the collective's legal identity."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shop.members.models import ShopSettings
from tenants.models import Collective

from .conftest import VALID_SIRET, image_upload, in_schema

SHOP = reverse("backoffice:shop_settings")
IDENTITY = reverse("backoffice:identity")


def settings_form(**changes):
    data = {
        "primary_colour": "#A0522D",
        "tagline": "Des fermes de l'est de Rennes",
        "about": "Vingt-deux fermes.",
        "rules": "Commandes avant jeudi soir.",
        "charter": "Produits de saison, prix justes.",
        "minimum_order_amount": "12.50",
        "reminder_hours_before": "36",
        "is_open": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_changes_the_shop_settings(alice_client, panier):
    response = alice_client.post(SHOP, {**settings_form(), "logo": image_upload("logo.png")})
    assert response.status_code == 302
    with in_schema(panier):
        row = ShopSettings.load()
    assert row.primary_colour == "#a0522d"
    assert row.minimum_order_amount == Decimal("12.50")
    assert row.reminder_hours_before == 36
    assert row.rules == "Commandes avant jeudi soir."
    assert row.logo.name.startswith("branding/")


def test_a_logo_that_is_not_a_png_jpeg_or_webp_is_refused(alice_client, panier):
    gif = image_upload("logo.gif", image_format="GIF")
    response = alice_client.post(SHOP, {**settings_form(tagline="Nouveau"), "logo": gif})
    assert "logo" in response.context["form"].errors
    with in_schema(panier):
        assert ShopSettings.load().tagline == ""


def test_a_logo_over_two_megabytes_is_refused(alice_client, panier):
    big = image_upload("logo.png")
    big = SimpleUploadedFile("logo.png", big.read() + b"\0" * (2 * 1024 * 1024), "image/png")
    response = alice_client.post(SHOP, {**settings_form(), "logo": big})
    assert "logo" in response.context["form"].errors
    with in_schema(panier):
        assert not ShopSettings.load().logo


def test_a_colour_that_is_not_a_colour_is_refused(alice_client, panier):
    response = alice_client.post(SHOP, settings_form(primary_colour="green"))
    assert "primary_colour" in response.context["form"].errors


def test_a_negative_minimum_order_is_refused(alice_client, panier):
    response = alice_client.post(SHOP, settings_form(minimum_order_amount="-5"))
    assert "minimum_order_amount" in response.context["form"].errors
    with in_schema(panier):
        assert ShopSettings.load().minimum_order_amount == Decimal("0.00")


def identity_form(**changes):
    data = {
        "name": "Panier des Prés",
        "legal_name": "Association Panier des Prés",
        "legal_form": "Association loi 1901",
        "siret": "922 299 284 00013",
        "vat_number": "",
        "address": "La Prée\n35250 Chasné-sur-Illet",
        "contact_email": "Contact@Panier-des-Pres.fr",
        "contact_phone": "02 99 00 00 00",
        "time_zone": "Europe/Paris",
    }
    data.update(changes)
    return data


def test_admin_sets_the_collectives_legal_identity(alice_client, panier):
    response = alice_client.post(IDENTITY, identity_form())
    assert response.status_code == 302
    collective = Collective.objects.get(pk=panier.pk)
    assert collective.legal_name == "Association Panier des Prés"
    assert collective.siret == VALID_SIRET
    assert collective.contact_email == "contact@panier-des-pres.fr"
    assert collective.slug == "panier-des-pres"


def test_an_unknown_time_zone_is_refused(alice_client, panier):
    response = alice_client.post(IDENTITY, identity_form(time_zone="Europe/Rennes"))
    assert "time_zone" in response.context["form"].errors
    assert Collective.objects.get(pk=panier.pk).time_zone == "Europe/Paris"


def test_a_wrong_siret_is_refused_and_nothing_changes(alice_client, panier):
    response = alice_client.post(IDENTITY, identity_form(siret="123", legal_name="Autre"))
    assert "siret" in response.context["form"].errors
    assert Collective.objects.get(pk=panier.pk).legal_name == ""


def test_a_new_time_zone_changes_how_times_are_shown(alice_client, panier):
    alice_client.post(IDENTITY, identity_form(time_zone="America/Cayenne"))
    assert Collective.objects.get(pk=panier.pk).time_zone == "America/Cayenne"
    response = alice_client.get(reverse("backoffice:cycle_list"))
    assert "America/Cayenne" in response.content.decode()


def test_the_service_refuses_an_empty_name(panier):
    import pytest
    from django.core.exceptions import ValidationError

    from tenants.services import collective_update_identity

    with pytest.raises(ValidationError) as refused:
        collective_update_identity(collective=panier, name="  ")
    assert "name" in refused.value.message_dict
