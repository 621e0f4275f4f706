"""A request reaches its collective by host name, and only its collective."""

from django_tenants.utils import tenant_context

from tenants.services import collective_reactivate, collective_suspend, domain_add
from tests.conftest import login


def test_each_collective_is_served_on_its_subdomain(panier_client, bocage_client):
    assert "Panier des Prés" in panier_client.get("/").content.decode()
    assert "Bocage Paysan" in bocage_client.get("/").content.decode()


def test_apex_domain_serves_the_public_site(platform_client, panier):
    page = platform_client.get("/")
    assert page.status_code == 200
    assert "Panier des Prés" in page.content.decode()  # listed in the directory


def test_www_is_the_public_site_too(db):
    from django.test import Client

    assert Client(HTTP_HOST="www.localhost").get("/").status_code == 200


def test_unknown_host_gets_a_no_such_collective_page(db):
    from django.test import Client

    page = Client(HTTP_HOST="nowhere.localhost").get("/")
    assert page.status_code == 404
    assert "nowhere.localhost" in page.content.decode()
    assert (
        "No such collective" in page.content.decode() or "Aucun collectif" in page.content.decode()
    )


def test_custom_domain_reaches_its_collective(panier):
    from django.test import Client

    domain_add(collective=panier, domain="drive.panierdespres.fr")
    with_host = Client(HTTP_HOST="drive.panierdespres.fr", SERVER_NAME="x")
    from django.test import override_settings

    with override_settings(ALLOWED_HOSTS=["*"]):
        assert "Panier des Prés" in with_host.get("/").content.decode()


def test_suspended_collective_shows_maintenance_to_consumers(panier, panier_client, chloe):
    collective_suspend(collective=panier)
    login(panier_client, chloe, panier)
    page = panier_client.get("/")
    assert page.status_code == 503
    assert page["Retry-After"]


def test_suspended_collective_lets_its_admin_in(panier, panier_client, alice):
    collective_suspend(collective=panier)
    assert panier_client.get("/accounts/login/").status_code == 200
    login(panier_client, alice, panier)
    assert panier_client.get("/").status_code == 200


def test_reactivated_collective_serves_everyone_again(panier, panier_client):
    collective_suspend(collective=panier)
    collective_reactivate(collective=panier)
    assert panier_client.get("/").status_code == 200


def test_session_of_one_collective_is_unknown_to_another(panier, bocage, alice):
    from django.test import Client

    client = login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)
    cookie = client.cookies["groupage_session"].value
    other = Client(HTTP_HOST="bocage-paysan.localhost")
    other.cookies["groupage_session"] = cookie
    with tenant_context(bocage):
        from django.contrib.sessions.models import Session

        assert not Session.objects.filter(session_key=cookie).exists()
    page = other.get("/accounts/email/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
