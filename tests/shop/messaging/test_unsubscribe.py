"""The unsubscribe link: one click for its owner, nothing for anyone else."""

import pytest
from django.core import signing
from django.urls import reverse
from django_tenants.utils import tenant_context

from shop.members.models import Profile
from shop.messaging.models import NewsOptOut
from shop.messaging.unsubscribe import NEWS, REMINDERS, make_token
from tests.conftest import make_user

from .conftest import client_for

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def opted_out(user) -> bool:
    return Profile.objects.filter(user=user, reminders_opt_out=True).exists()


def link(token: str) -> str:
    return reverse("messaging:unsubscribe", args=[token])


@pytest.fixture
def mail_client(panier):
    """What a mail provider does: a POST with no cookie and no CSRF token."""
    return client_for(panier, enforce_csrf_checks=True)


def test_one_click_post_unsubscribes_the_owner_of_the_link(in_panier, chloe, mail_client):
    response = mail_client.post(link(make_token(chloe, REMINDERS)), ONE_CLICK)
    assert response.status_code == 200
    assert opted_out(chloe)


def test_opening_the_link_only_asks_for_confirmation(in_panier, chloe, mail_client):
    response = mail_client.get(link(make_token(chloe, REMINDERS)))
    assert response.status_code == 200
    assert b"Unsubscribe" in response.content and b"chloe@example.fr" in response.content
    assert not opted_out(chloe)


def test_the_owner_can_subscribe_again(in_panier, chloe, mail_client):
    url = link(make_token(chloe, REMINDERS))
    mail_client.post(url, {"action": "unsubscribe"})
    assert opted_out(chloe)
    mail_client.post(url, {"action": "resubscribe"})
    assert not opted_out(chloe)


def test_a_link_cannot_be_changed_to_unsubscribe_someone_else(in_panier, chloe, panier):
    bob = make_user(panier, "bob@example.fr")
    token = make_token(chloe, REMINDERS)
    # Put Bob's id in Chloé's signed link, keeping her timestamp and signature.
    forged_payload = signing.b64_encode(
        signing.JSONSerializer().dumps([bob.pk, "panier_des_pres", REMINDERS])
    ).decode()
    forged = ":".join([forged_payload, *token.split(":")[-2:]])
    response = client_for(panier).post(link(forged), ONE_CLICK)
    assert response.status_code == 404
    assert not opted_out(bob) and not opted_out(chloe)


def test_a_link_signed_with_another_key_is_refused(in_panier, chloe, panier):
    token = signing.TimestampSigner(key="x" * 50, salt="groupage.messaging.unsubscribe")
    forged = token.sign_object([chloe.pk, "panier_des_pres", REMINDERS])
    assert client_for(panier).post(link(forged), ONE_CLICK).status_code == 404
    assert not opted_out(chloe)


def test_a_link_of_another_collective_does_nothing_here(panier, bocage, chloe, elise):
    with tenant_context(bocage):
        token = make_token(elise, REMINDERS)
    # Chloé may well have Élise's id in Panier des Prés: the link still does nothing.
    response = client_for(panier).post(link(token), ONE_CLICK)
    assert response.status_code == 404
    with tenant_context(panier):
        assert not Profile.objects.filter(reminders_opt_out=True).exists()


def test_garbage_is_a_clear_404(panier):
    response = client_for(panier).get(link("not-a-token"))
    assert response.status_code == 404
    assert b"This link does not work" in response.content


def test_news_link_stops_messages_but_not_reminders(in_panier, chloe, mail_client):
    mail_client.post(link(make_token(chloe, NEWS)), ONE_CLICK)
    assert NewsOptOut.objects.filter(user=chloe).exists()
    assert not opted_out(chloe)
