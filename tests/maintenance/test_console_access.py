"""Only provider staff reach the console, and only with their second factor."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django_tenants.utils import tenant_context

from tests.maintenance.conftest import STAFF_PASSWORD, make_staff, staff_login


def test_staff_signed_in_with_both_factors_see_the_fleet(console, panier, bocage):
    page = console.get("/console/")
    assert page.status_code == 200
    assert "Panier des Prés" in page.content.decode() and "Bocage Paysan" in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(platform_client):
    response = platform_client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_people_who_are_not_staff_are_refused(db):
    user, secret = make_staff("visitor@example.fr", is_staff=False)
    client = Client(HTTP_HOST="localhost")
    staff_login(client, user, secret)
    assert client.get("/console/").status_code == 403


def test_staff_without_an_authenticator_must_set_one_up_first(db):
    user, _none = make_staff(totp=False)
    client = Client(HTTP_HOST="localhost")
    client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_a_password_only_session_must_sign_in_again_with_the_code(db):
    user, _none = make_staff(totp=False)
    client = Client(HTTP_HOST="localhost")
    client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})
    TOTP.activate(user, generate_totp_secret())  # set up during this session
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/console/").status_code == 302  # signed out meanwhile


def test_a_wrong_code_does_not_open_the_console(sam):
    user, _secret = sam
    client = Client(HTTP_HOST="localhost")
    response = client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})
    client.post(response["Location"], {"code": "000000"})
    assert client.get("/console/").status_code == 302


def test_a_collectives_authenticators_live_in_its_own_schema(panier, alice):
    """A member's authenticator never lands in the staff's (public) table."""
    with tenant_context(panier):
        TOTP.activate(alice, generate_totp_secret())
        assert Authenticator.objects.filter(user=alice).count() == 1
    assert not Authenticator.objects.exists()
