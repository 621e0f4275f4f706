"""`/_tls/ask`: Caddy gets a certificate only for names that lead to a collective."""

import pytest

from tenants.services import domain_add


def ask(client, domain: str) -> int:
    return client.get("/_tls/ask", {"domain": domain}).status_code


def test_a_collectives_subdomain_may_have_a_certificate(platform_client, panier):
    assert ask(platform_client, "panier-des-pres.localhost") == 200


def test_a_collectives_custom_domain_may_have_a_certificate(platform_client, panier):
    domain_add(collective=panier, domain="drive.panierdespres.fr")
    assert ask(platform_client, "drive.panierdespres.fr") == 200
    assert ask(platform_client, "DRIVE.panierdespres.fr.") == 200  # as browsers may send it


@pytest.mark.parametrize(
    "domain",
    [
        "nowhere.localhost",  # no such collective
        "www.panier-des-pres.localhost",  # below a collective's subdomain
        "panier-des-pres.example.org",  # a slug under someone else's domain
        "localhost.evil.example",
        "",
    ],
)
def test_other_names_get_no_certificate(platform_client, panier, domain):
    assert ask(platform_client, domain) == 404


def test_only_the_platforms_own_host_answers_the_question(panier_client):
    assert (
        panier_client.get("/_tls/ask", {"domain": "panier-des-pres.localhost"}).status_code == 404
    )
