"""The new collective's checklist: each step shows done or not, from its data."""

from datetime import time

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from shop.catalogue.models import Producer
from shop.cycles.models import CycleSchedule
from shop.demo.factories import make_point
from shop.members.models import ShopSettings
from shop.onboarding.checklist import onboarding_steps
from tests.conftest import login


@pytest.fixture
def alice_client(panier, alice):
    with tenant_context(panier):
        ShopSettings.objects.update_or_create(pk=1, defaults={"is_open": False})
    return login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)


def states(collective) -> dict[str, bool]:
    with tenant_context(collective):
        return {step.key: step.done for step in onboarding_steps(collective)}


def test_a_new_shop_has_every_step_to_do(panier, alice_client):
    page = alice_client.get("/gestion/demarrage/")
    assert page.status_code == 200 and "0 of 7 steps done" in page.content.decode()
    assert not any(states(panier).values())


def test_each_step_is_done_when_its_data_exists(panier, alice_client):
    from tenants.models import Collective

    Collective.objects.filter(pk=panier.pk).update(legal_name="SCIC Panier", address="Rennes")
    panier.refresh_from_db()
    with tenant_context(panier):
        make_point()
        CycleSchedule.objects.create(closes_weekday=3, closes_time=time(20, 0))
        ShopSettings.objects.filter(pk=1).update(charter="Nous produisons ce qui est commandé.")
    done = states(panier)
    assert done["identity"] and done["pickup_points"] and done["weekly_cycle"] and done["rules"]
    assert not done["producers"] and not done["payment"] and not done["open"]


def test_producers_are_invited_by_email_with_a_link(
    panier, alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            "/gestion/demarrage/producteurs/",
            {"emails": "Ferme des Saules <jeanne@saules.fr>\npaul@verger.fr\n"},
        )
    assert response.status_code == 302
    with tenant_context(panier):
        assert set(Producer.objects.values_list("farm_name", flat=True)) == {
            "Ferme des Saules",
            "paul",
        }
        assert Producer.objects.filter(user__isnull=False).count() == 2
    assert {m.to[0] for m in mail.outbox} == {"jeanne@saules.fr", "paul@verger.fr"}
    assert states(panier)["producers"]


def test_a_bad_line_invites_nobody(panier, alice_client):
    response = alice_client.post(
        "/gestion/demarrage/producteurs/", {"emails": "jeanne@saules.fr\nnot an address\n"}
    )
    assert "line(s) 2" in response.content.decode()
    with tenant_context(panier):
        assert not Producer.objects.exists()
    assert not mail.outbox


def test_payment_modes_are_chosen(panier, alice_client):
    alice_client.post("/gestion/demarrage/paiement/", {"at_pickup": "on"})
    assert states(panier)["payment"]


def test_the_shop_opens_only_with_a_pickup_point_and_a_weekly_cycle(panier, alice_client):
    response = alice_client.post("/gestion/demarrage/ouvrir/", follow=True)
    assert "Add at least one pickup point first." in response.content.decode()
    assert not states(panier)["open"]
    with tenant_context(panier):
        make_point()
        CycleSchedule.objects.create(closes_weekday=3, closes_time=time(20, 0))
    alice_client.post("/gestion/demarrage/ouvrir/")
    assert states(panier)["open"]


def test_only_the_collectives_admins_see_the_checklist(panier, chloe):
    client = login(Client(HTTP_HOST="panier-des-pres.localhost"), chloe, panier)
    assert client.get("/gestion/demarrage/").status_code == 403


def test_the_checklist_costs_a_fixed_number_of_queries(
    panier, alice_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        alice_client.get("/gestion/demarrage/")
