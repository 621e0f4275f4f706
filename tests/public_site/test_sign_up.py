"""A new territory signs up: from the form to a signed-in admin on the new shop."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from billing.models import Subscription
from groupage.accounts.models import User
from public_site.models import SignUpRequest
from shop.members.models import ShopSettings
from tenants.models import Collective
from tests.public_site.conftest import PASSWORD, sign_up_data


def sign_up(client, capture, **changes):
    with capture(execute=True):
        return client.post("/inscription/", sign_up_data(**changes))


def test_landing_and_pricing_show_the_plans(platform_client):
    landing = platform_client.get("/")
    assert landing.status_code == 200 and "/inscription/" in landing.content.decode()
    pricing = platform_client.get("/tarifs/").content.decode()
    assert "Découverte" in pricing and "Collectif" in pricing
    assert "?plan=decouverte" in pricing


def test_sign_up_form_preselects_the_plan_chosen_on_the_pricing_page(platform_client):
    page = platform_client.get("/inscription/?plan=collectif").content.decode()
    assert 'value="collectif" ' in page and "checked" in page.split('value="collectif"')[1][:40]


def test_a_founder_gets_a_working_shop_and_lands_signed_in_on_its_checklist(
    founder, django_capture_on_commit_callbacks
):
    response = sign_up(founder, django_capture_on_commit_callbacks)
    request = SignUpRequest.objects.get(slug="paniers-du-vallon")
    assert response.status_code == 302
    assert response["Location"] == f"/inscription/{request.public_id}/"
    assert request.status == SignUpRequest.Status.DONE
    assert request.password_hash == ""  # no credential kept once the account exists

    collective = Collective.objects.get(slug="paniers-du-vallon")
    assert collective.status == Collective.Status.ACTIVE
    assert collective.contact_email == "marion@paniers-du-vallon.fr"
    assert Subscription.objects.get(collective=collective).plan.slug == "decouverte"
    with tenant_context(collective):
        marion = User.objects.get(email="marion@paniers-du-vallon.fr")
        assert marion.role == "admin" and marion.first_name == "Marion"
        assert marion.check_password(PASSWORD)
        assert not EmailAddress.objects.get(user=marion).verified
        assert ShopSettings.load().is_open is False  # opened from the checklist

    progress = founder.get(response["Location"])
    assert "Your shop is ready" in progress.content.decode()
    status = founder.get(f"/inscription/{request.public_id}/etat/")
    assert status["HX-Redirect"] == f"/inscription/{request.public_id}/continuer/"

    handoff = founder.get(f"/inscription/{request.public_id}/continuer/")
    url = urlsplit(handoff["Location"])
    assert url.netloc == "paniers-du-vallon.localhost"
    shop = Client(HTTP_HOST=url.netloc)
    landed = shop.get(url.path, follow=True)
    assert landed.redirect_chain[-1][0] == "/gestion/demarrage/"
    page = landed.content.decode()
    assert landed.status_code == 200 and "0 of 7 steps done" in page
    # The founder's address is confirmed through a link to the new shop.
    assert len(mail.outbox) == 1 and "paniers-du-vallon.localhost" in mail.outbox[0].body
    # The link signs in once only.
    assert Client(HTTP_HOST=url.netloc).get(url.path).status_code == 403


def test_progress_page_polls_until_the_shop_is_ready(founder):
    from public_site.signup import sign_up_provision

    response = founder.post("/inscription/", sign_up_data())  # not committed: not started yet
    request = SignUpRequest.objects.get(slug="paniers-du-vallon")
    page = founder.get(response["Location"]).content.decode()
    assert f'hx-get="/inscription/{request.public_id}/etat/"' in page
    assert 'hx-trigger="every 1s"' in page
    status = founder.get(f"/inscription/{request.public_id}/etat/")
    assert "HX-Redirect" not in status and "This takes a few seconds" in status.content.decode()

    sign_up_provision(request_id=request.pk)
    status = founder.get(f"/inscription/{request.public_id}/etat/")
    assert "HX-Redirect" in status
    assert status.content.decode().count("✓") == 3


def test_progress_is_only_shown_to_the_browser_that_signed_up(
    founder, platform_client, django_capture_on_commit_callbacks
):
    sign_up(founder, django_capture_on_commit_callbacks)
    public_id = SignUpRequest.objects.get().public_id
    for path in ("", "etat/", "continuer/"):
        assert platform_client.get(f"/inscription/{public_id}/{path}").status_code == 404


def test_the_continue_link_stops_working_after_an_hour(founder, django_capture_on_commit_callbacks):
    import time_machine

    sign_up(founder, django_capture_on_commit_callbacks)
    public_id = SignUpRequest.objects.get().public_id
    with time_machine.travel(SignUpRequest.objects.get().finished_at.timestamp() + 3700):
        assert founder.get(f"/inscription/{public_id}/continuer/").status_code == 404


def test_a_failure_after_the_schema_is_reported_and_frees_the_subdomain(
    founder, django_capture_on_commit_callbacks, monkeypatch
):
    import public_site.signup as signup

    def broken(collective, request):
        raise RuntimeError("disk full")

    monkeypatch.setattr(signup, "_make_admin", broken)
    sign_up(founder, django_capture_on_commit_callbacks)
    request = SignUpRequest.objects.get()
    assert request.status == SignUpRequest.Status.FAILED
    assert "could not be set up" in request.error
    assert not Collective.objects.filter(slug="paniers-du-vallon").exists()
    page = founder.get(f"/inscription/{request.public_id}/").content.decode()
    assert "could not be set up" in page and "Try again" in page


# --- Refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "panier-des-pres"}, "slug", "already taken"),
        ({"slug": "www"}, "slug", "reserved"),
        ({"slug": "console"}, "slug", "reserved"),
        ({"slug": "ferme-porn"}, "slug", "not allowed"),
        ({"slug": "Paniers_Vallon"}, "slug", "lowercase"),
        ({"slug": "ab"}, "slug", "3 to 40"),
        ({"email": "marion.at.example"}, "email", "valid email"),
        ({"password": "password"}, "password", "too common"),
        ({"password": "abc"}, "password", "too short"),
        ({"password": "marion@paniers-du-vallon.fr"}, "password", "too similar"),
        ({"collective_name": ""}, "collective_name", "required"),
        ({"territory": ""}, "territory", "required"),
        ({"admin_name": ""}, "admin_name", "required"),
        ({"plan": "platine"}, "plan", "valid choice"),
        ({"accept": ""}, "accept", "required"),
    ],
)
def test_bad_sign_up_is_refused_with_a_clear_message(
    founder, panier, django_capture_on_commit_callbacks, changes, field, message
):
    response = sign_up(founder, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not SignUpRequest.objects.exists()
    assert (
        not Collective.objects.filter(slug=sign_up_data(**changes)["slug"])
        .exclude(pk=panier.pk)
        .exists()
    )


def test_a_robot_filling_the_hidden_field_gets_nothing(founder, django_capture_on_commit_callbacks):
    response = sign_up(founder, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not SignUpRequest.objects.exists()


def test_too_many_sign_ups_from_one_address_are_refused(
    founder, django_capture_on_commit_callbacks
):
    for n in range(3):
        sign_up(
            founder, django_capture_on_commit_callbacks, slug=f"vallon-{n}", email=f"m{n}@vallon.fr"
        )
    response = sign_up(
        founder, django_capture_on_commit_callbacks, slug="vallon-4", email="m4@vallon.fr"
    )
    assert "Too many sign-ups" in " ".join(response.context["form"].non_field_errors())
    assert SignUpRequest.objects.count() == 3


def test_too_many_sign_ups_for_one_email_are_refused(db, django_capture_on_commit_callbacks):
    for n in range(4):
        client = Client(HTTP_HOST="localhost", REMOTE_ADDR=f"198.51.100.{n}")
        response = sign_up(client, django_capture_on_commit_callbacks, slug=f"vallon-{n}")
    assert "Too many sign-ups" in " ".join(response.context["form"].non_field_errors())
    assert SignUpRequest.objects.count() == 3


def test_repeated_failed_attempts_from_one_address_are_slowed_down(founder):
    for _n in range(10):
        founder.post("/inscription/", sign_up_data(password="abc"))
    response = founder.post("/inscription/", sign_up_data())
    assert "Too many sign-ups" in " ".join(response.context["form"].non_field_errors())
    assert not SignUpRequest.objects.exists()


def test_the_address_behind_our_proxy_is_the_visitors(db):
    from django.test import RequestFactory

    from public_site.limits import client_ip

    proxied = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    assert client_ip(proxied) == "5.6.7.8"
    direct = RequestFactory().get("/", REMOTE_ADDR="5.6.7.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(direct) == "5.6.7.9"  # a visitor cannot pick their own address


# --- Availability as you type ----------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "answer"),
    [
        ("paniers-du-vallon", "paniers-du-vallon is free"),
        ("panier-des-pres", "already taken"),
        ("admin", "reserved"),
        ("merde-alors", "not allowed"),
        ("a--b", "Two hyphens"),
    ],
)
def test_subdomain_availability_is_checked_as_you_type(platform_client, panier, slug, answer):
    response = platform_client.get("/inscription/disponibilite/", {"slug": slug})
    assert response.status_code == 200 and answer in response.content.decode()


def test_availability_checks_are_rate_limited(platform_client):
    for _n in range(60):
        platform_client.get("/inscription/disponibilite/", {"slug": "vallon"})
    assert platform_client.get("/inscription/disponibilite/", {"slug": "vallon"}).status_code == 429


def test_a_subdomain_being_set_up_is_not_offered_again(founder, platform_client):
    founder.post("/inscription/", sign_up_data())  # queued, not provisioned yet
    response = platform_client.get("/inscription/disponibilite/", {"slug": "paniers-du-vallon"})
    assert "already taken" in response.content.decode()
