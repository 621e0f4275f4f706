"""Alice finds members, approves professional accounts and gives roles."""

from django.urls import reverse

from groupage.accounts.models import Role, User
from shop.demo.factories import make_point
from shop.members.models import ProfessionalAccount
from tests.conftest import make_user

from .conftest import in_schema

MEMBERS = reverse("backoffice:member_list")


def ask_professional(collective, email="chef@bistrot-rennais.fr"):
    user = make_user(collective, email, Role.CONSUMER, first_name="Hugo")
    with in_schema(collective):
        return ProfessionalAccount.objects.create(
            user=user,
            company_name="Le Bistrot Rennais",
            siret="92229928400013",
            billing_address="12 rue de Saint-Malo, Rennes",
        )


def test_members_are_found_by_name_or_email_and_filtered_by_role(
    alice_client, panier, chloe, bruno
):
    def found(**query):
        return {m.email for m in alice_client.get(MEMBERS, query).context["page"]}

    assert found(q="chlo") == {chloe.email}
    assert found(q="ferme-des-pres") == {bruno.email}
    assert found(role="producer") == {bruno.email}
    assert found(role="admin") == {"alice@panier-des-pres.fr"}


def test_awaiting_professional_accounts_are_listed(alice_client, panier):
    account = ask_professional(panier)
    response = alice_client.get(MEMBERS)
    assert list(response.context["awaiting"]) == [account]
    assert "Le Bistrot Rennais" in response.content.decode()


def test_admin_approves_a_professional_account(
    alice_client, panier, alice, mailoutbox, django_capture_on_commit_callbacks
):
    account = ask_professional(panier)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("backoffice:professional_decide", args=[account.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    with in_schema(panier):
        account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.APPROVED
    assert account.decided_by_id == alice.pk and account.decided_at is not None
    assert mailoutbox[0].to == ["chef@bistrot-rennais.fr"]
    assert alice_client.get(MEMBERS).context["awaiting"].count() == 0


def test_admin_refuses_a_professional_account(alice_client, panier, alice):
    account = ask_professional(panier)
    alice_client.post(
        reverse("backoffice:professional_decide", args=[account.pk]), {"decision": "refuse"}
    )
    with in_schema(panier):
        account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.REFUSED
    assert account.decided_by_id == alice.pk


def test_a_decision_needs_approve_or_refuse(alice_client, panier):
    account = ask_professional(panier)
    alice_client.post(
        reverse("backoffice:professional_decide", args=[account.pk]), {"decision": "maybe"}
    )
    with in_schema(panier):
        account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.PENDING


def test_admin_makes_a_consumer_a_depot_keeper(alice_client, panier, chloe):
    url = reverse("backoffice:member_detail", args=[chloe.pk])
    response = alice_client.post(url, {"role": "depot_keeper"})
    assert response.status_code == 302
    with in_schema(panier):
        assert User.objects.get(pk=chloe.pk).role == Role.DEPOT_KEEPER


def test_an_admin_cannot_remove_their_own_admin_role(alice_client, panier, alice):
    url = reverse("backoffice:member_detail", args=[alice.pk])
    response = alice_client.post(url, {"role": "consumer"})
    assert response.status_code == 200
    assert "own admin role" in str(response.context["form"].errors["role"])
    with in_schema(panier):
        assert User.objects.get(pk=alice.pk).role == Role.ADMIN


def test_an_admin_may_remove_another_admins_role(alice_client, panier):
    other = make_user(panier, "gael@panier-des-pres.fr", Role.ADMIN)
    alice_client.post(reverse("backoffice:member_detail", args=[other.pk]), {"role": "consumer"})
    with in_schema(panier):
        assert User.objects.get(pk=other.pk).role == Role.CONSUMER


def test_a_depot_keeper_who_changes_role_stops_keeping_points(alice_client, panier, karim):
    with in_schema(panier):
        point = make_point()
        point.keepers.add(karim)
    alice_client.post(reverse("backoffice:member_detail", args=[karim.pk]), {"role": "consumer"})
    with in_schema(panier):
        assert not point.keepers.exists()


def test_an_unknown_role_is_refused(alice_client, panier, chloe):
    response = alice_client.post(
        reverse("backoffice:member_detail", args=[chloe.pk]), {"role": "superuser"}
    )
    assert "role" in response.context["form"].errors
    with in_schema(panier):
        assert User.objects.get(pk=chloe.pk).role == Role.CONSUMER


def test_the_member_list_costs_the_same_queries_for_few_or_many_members(
    alice_client, panier, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ask_professional(panier, "pro0@example.fr")
    with CaptureQueriesContext(connection) as few:
        alice_client.get(MEMBERS)
    for n in range(1, 15):
        ask_professional(panier, f"pro{n}@example.fr")
        make_user(panier, f"member{n}@example.fr")
    with django_assert_max_num_queries(len(few)):
        response = alice_client.get(MEMBERS)
    assert len(response.context["page"]) == 30
