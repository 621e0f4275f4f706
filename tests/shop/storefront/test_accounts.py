"""Accounts belong to one collective: sign-up, e-mail verification, sign-in."""

import re

from django.core import mail
from django_tenants.utils import tenant_context

from groupage.accounts.models import User


def test_consumer_signs_up_verifies_the_email_and_is_signed_in(panier, panier_client, bocage):
    response = panier_client.post(
        "/accounts/signup/",
        {
            "email": "nouveau@example.fr",
            "password1": "un-mot-de-passe-long",
            "password2": "un-mot-de-passe-long",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    assert link.startswith("http://panier-des-pres.localhost")
    path = link.split("localhost", 1)[1]
    panier_client.post(path)
    with tenant_context(panier):
        user = User.objects.get(email="nouveau@example.fr")
        assert user.emailaddress_set.get().verified
    with tenant_context(bocage):
        assert not User.objects.filter(email="nouveau@example.fr").exists()


def test_account_of_one_collective_cannot_sign_in_on_another(panier, bocage_client, alice):
    response = bocage_client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery"}
    )
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in bocage_client.session


def test_account_signs_in_on_its_own_collective(panier_client, alice):
    response = panier_client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
