"""Only the collective's admins reach its back-office, and only their own collective's things."""

from datetime import time

import pytest
from django.urls import reverse

from groupage.accounts.models import Role
from shop.cycles.models import CycleSchedule
from shop.demo.factories import make_point, make_producer
from shop.members.models import ProfessionalAccount
from tests.conftest import make_user

from .conftest import client_for, in_schema

PAGES = [
    ("home", None),
    ("producer_list", None),
    ("producer_create", None),
    ("producer_edit", "producer"),
    ("point_list", None),
    ("point_create", None),
    ("point_edit", "point"),
    ("cycle_list", None),
    ("cycle_create", None),
    ("schedule_list", None),
    ("schedule_create", None),
    ("schedule_edit", "schedule"),
    ("member_list", None),
    ("member_detail", "member"),
    ("shop_settings", None),
    ("identity", None),
]
ACTIONS = [
    ("producer_invite", "producer"),
    ("schedule_delete", "schedule"),
    ("schedule_create_cycles", "schedule"),
    ("professional_decide", "professional"),
]


@pytest.fixture
def panier_things(panier):
    member = make_user(panier, "resto@bistrot.fr", Role.CONSUMER)
    with in_schema(panier):
        professional = ProfessionalAccount.objects.create(
            user=member, company_name="Le Bistrot", siret="92229928400013", billing_address="Rennes"
        )
        return {
            "producer": make_producer().pk,
            "point": make_point().pk,
            "schedule": CycleSchedule.objects.create(closes_weekday=3, closes_time=time(20)).pk,
            "member": member.pk,
            "professional": professional.pk,
        }


def url_of(name, needs, things):
    return reverse(f"backoffice:{name}", args=[things[needs]] if needs else [])


@pytest.mark.parametrize(("name", "needs"), PAGES + ACTIONS)
def test_anonymous_visitors_are_sent_to_sign_in(anonymous, panier_things, name, needs):
    url = url_of(name, needs, panier_things)
    response = anonymous.post(url) if (name, needs) in ACTIONS else anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("member", ["chloe_client", "bruno_client", "karim_client"])
@pytest.mark.parametrize(("name", "needs"), PAGES + ACTIONS)
def test_members_who_are_not_admins_are_refused(request, panier_things, member, name, needs):
    client = request.getfixturevalue(member)
    url = url_of(name, needs, panier_things)
    response = client.post(url) if (name, needs) in ACTIONS else client.get(url)
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "needs"), PAGES)
def test_admin_sees_every_page(alice_client, panier_things, name, needs):
    response = alice_client.get(url_of(name, needs, panier_things))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "needs"), [p for p in PAGES if p[1]] + ACTIONS)
def test_admin_of_another_collective_gets_not_found_for_our_ids(
    denis_client, panier_things, name, needs
):
    url = url_of(name, needs, panier_things)
    response = denis_client.post(url) if (name, needs) in ACTIONS else denis_client.get(url)
    assert response.status_code == 404


def test_a_session_of_another_collective_is_not_valid_here(denis_client, panier, bocage):
    bocage_session = denis_client.cookies
    visitor = client_for(panier)
    visitor.cookies = bocage_session
    response = visitor.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_do_not_accept_other_methods_where_they_only_act(alice_client, panier_things):
    response = alice_client.get(url_of("schedule_create_cycles", "schedule", panier_things))
    assert response.status_code == 405
