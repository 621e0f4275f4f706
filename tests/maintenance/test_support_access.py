"""Staff enter a collective's back-office only with a reason, for a while, in the open."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from groupage.accounts.models import User
from maintenance.models import AuditEntry, SupportGrant
from maintenance.support import support_grant_end, support_grant_open, support_grants_expire
from tests.conftest import login


def enter(console, collective, reason="Alice cannot publish her weekly offer", minutes=30):
    return console.post(
        f"/console/c/{collective.slug}/support/", {"reason": reason, "minutes": minutes}
    )


def follow_into(url: str) -> Client:
    parts = urlsplit(url)
    client = Client(HTTP_HOST=parts.netloc)
    response = client.get(parts.path)
    assert response.status_code == 302 and response["Location"] == "/gestion/"
    connection.set_schema_to_public()
    return client


def test_staff_enter_the_back_office_as_an_admin_with_a_reason(console, panier, sam):
    response = enter(console, panier)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc == "panier-des-pres.localhost"
    support = follow_into(response["Location"])
    assert support.get("/gestion/").status_code == 200
    connection.set_schema_to_public()  # the test client left the connection in the collective

    grant = SupportGrant.objects.get()
    assert grant.staff == sam[0] and grant.reason.startswith("Alice cannot")
    entry = AuditEntry.objects.get(action="support_access")
    assert entry.collective == panier and entry.actor == "sam@groupage.localhost"
    assert entry.reason == grant.reason
    with tenant_context(panier):
        account = User.objects.get(pk=grant.support_user_id)
        assert account.role == "admin" and not account.has_usable_password()


def test_no_reason_no_entry(console, panier):
    response = enter(console, panier, reason="")
    assert response.status_code == 302 and response["Location"] == f"/console/c/{panier.slug}/"
    assert not SupportGrant.objects.exists()
    with pytest.raises(ValidationError):
        support_grant_open(staff=User.objects.get(), collective=panier, reason="because")


def test_the_access_ends_when_its_time_is_up(console, panier):
    support = follow_into(enter(console, panier, minutes=30)["Location"])
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert support.get("/gestion/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = support.get("/gestion/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert support_grants_expire() == 1
    grant = SupportGrant.objects.get()
    with tenant_context(panier):
        assert not User.objects.get(pk=grant.support_user_id).is_active


def test_staff_may_end_the_access_early(console, panier, sam):
    support = follow_into(enter(console, panier)["Location"])
    grant = SupportGrant.objects.get()
    console.post(f"/console/support/{grant.pk}/fin/")
    response = support.get("/gestion/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEntry.objects.filter(action="support_access_ended").exists()


def test_the_link_works_once_only_within_a_minute_and_in_its_collective(console, panier, bocage):
    url = enter(console, panier)["Location"]
    path = urlsplit(url).path
    assert Client(HTTP_HOST="bocage-paysan.localhost").get(path).status_code == 403
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert Client(HTTP_HOST="panier-des-pres.localhost").get(path).status_code == 403
    url = enter(console, panier)["Location"]
    follow_into(url)
    assert Client(HTTP_HOST="panier-des-pres.localhost").get(urlsplit(url).path).status_code == 403


def test_a_forged_link_is_refused(panier_client):
    assert panier_client.get("/connexion/not-a-token/").status_code == 403


def test_the_collectives_admins_read_who_entered_and_why(console, panier, bocage, alice, denis):
    enter(console, panier)
    alice_client = login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)
    page = alice_client.get("/gestion/demarrage/acces-support/").content.decode()
    assert "sam@groupage.localhost" in page and "Alice cannot publish her weekly offer" in page
    denis_client = login(Client(HTTP_HOST="bocage-paysan.localhost"), denis, bocage)
    other = denis_client.get("/gestion/demarrage/acces-support/").content.decode()
    assert "Alice cannot publish" not in other and "has entered your back-office" in other


def test_ending_one_grant_keeps_another_live_one(panier, sam):
    first, _url = support_grant_open(staff=sam[0], collective=panier, reason="first look at orders")
    second, _url = support_grant_open(
        staff=sam[0], collective=panier, reason="second look at stock"
    )
    support_grant_end(grant=first, by="sam@groupage.localhost")
    with tenant_context(panier):
        assert User.objects.get(pk=second.support_user_id).is_active
