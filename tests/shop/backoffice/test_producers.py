"""Alice keeps the list of the collective's producers and invites them in."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groupage.accounts.models import Role, User
from shop.catalogue.models import Producer
from shop.demo.factories import make_producer, make_product
from tests.conftest import make_user

from .conftest import OTHER_VALID_SIRET, VALID_SIRET, client_for, image_upload, in_schema

CREATE = reverse("backoffice:producer_create")


def producer_form(**changes):
    data = {
        "kind": "farm",
        "name": "Bruno Rault",
        "farm_name": "Ferme des Prés",
        "description": "Vaches laitières et fromages.",
        "organic": "on",
        "certifications": "AB",
        "address": "La Prée",
        "postcode": "35250",
        "city": "Chasné-sur-Illet",
        "latitude": "48.2431234",
        "longitude": "-1.5612",
        "siret": "922 299 284 00013",
        "vat_number": "fr 12 922299284",
        "email": "Bruno@Ferme-des-Pres.fr",
        "phone": "02 99 00 00 00",
        "active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_adds_a_producer_with_every_detail(alice_client, panier):
    response = alice_client.post(CREATE, producer_form())
    assert response.status_code == 302
    with in_schema(panier):
        producer = Producer.objects.get()
    assert producer.farm_name == "Ferme des Prés"
    assert producer.slug == "ferme-des-pres"
    assert producer.siret == VALID_SIRET
    assert producer.vat_number == "FR12922299284"
    assert producer.email == "bruno@ferme-des-pres.fr"
    assert str(producer.latitude) == "48.243123"
    assert producer.organic and producer.active and producer.user is None


def test_two_farms_with_the_same_name_get_distinct_slugs(alice_client, panier):
    alice_client.post(CREATE, producer_form())
    alice_client.post(CREATE, producer_form(siret=OTHER_VALID_SIRET))
    with in_schema(panier):
        assert sorted(Producer.objects.values_list("slug", flat=True)) == [
            "ferme-des-pres",
            "ferme-des-pres-2",
        ]


def test_a_siret_without_fourteen_digits_is_refused_and_nothing_is_stored(alice_client, panier):
    response = alice_client.post(CREATE, producer_form(siret="1234 5678"))
    assert response.status_code == 200
    assert "siret" in response.context["form"].errors
    assert "Ferme des Prés" in response.content.decode()  # what was typed is kept
    with in_schema(panier):
        assert not Producer.objects.exists()


def test_a_siret_with_a_wrong_check_digit_is_refused(alice_client, panier):
    response = alice_client.post(CREATE, producer_form(siret="92229928400014"))
    assert "not valid" in str(response.context["form"].errors["siret"])
    with in_schema(panier):
        assert not Producer.objects.exists()


def test_a_producer_needs_a_farm_name(alice_client, panier):
    response = alice_client.post(CREATE, producer_form(farm_name=""))
    assert "farm_name" in response.context["form"].errors
    with in_schema(panier):
        assert not Producer.objects.exists()


def test_creating_the_account_invites_the_producer_to_choose_a_password(
    alice_client, panier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(CREATE, producer_form(create_account="on"))
    with in_schema(panier):
        producer = Producer.objects.select_related("user").get()
        assert producer.user.email == "bruno@ferme-des-pres.fr"
        assert producer.user.role == Role.PRODUCER
        assert not producer.user.has_usable_password()
    (mail,) = mailoutbox
    assert mail.to == ["bruno@ferme-des-pres.fr"]
    link = re.search(r"http://panier-des-pres\.localhost\S+", mail.body).group(0)

    visitor = client_for(panier)
    form_page = visitor.get(link, follow=True)
    assert form_page.status_code == 200
    visitor.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "des prés et des vaches", "password2": "des prés et des vaches"},
    )
    with in_schema(panier):
        assert User.objects.get(email="bruno@ferme-des-pres.fr").check_password(
            "des prés et des vaches"
        )


def test_creating_an_account_needs_an_email(alice_client, panier):
    response = alice_client.post(CREATE, producer_form(email="", create_account="on"))
    assert "email" in response.context["form"].errors
    with in_schema(panier):
        assert not Producer.objects.exists()
        assert not User.objects.filter(role=Role.PRODUCER).exists()


def test_a_consumer_who_becomes_a_producer_keeps_their_account(
    alice_client, panier, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(panier, "bruno@ferme-des-pres.fr", Role.CONSUMER)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(CREATE, producer_form(create_account="on"))
    with in_schema(panier):
        user = User.objects.get(email="bruno@ferme-des-pres.fr")
        assert user.role == Role.PRODUCER
        assert user.producer.farm_name == "Ferme des Prés"
        assert user.has_usable_password()
    assert len(mailoutbox) == 1


def test_an_account_of_another_producer_is_not_taken_over(alice_client, panier, bruno):
    with in_schema(panier):
        make_producer(user=bruno)
    response = alice_client.post(
        CREATE, producer_form(email=bruno.email, create_account="on", siret=OTHER_VALID_SIRET)
    )
    assert "another producer" in str(response.context["form"].errors["email"])
    with in_schema(panier):
        assert Producer.objects.count() == 1


def test_admin_edits_a_producer_and_the_slug_stays(alice_client, panier):
    with in_schema(panier):
        producer = make_producer(farm_name="Ferme du Bois", siret=VALID_SIRET)
        slug = producer.slug
    url = reverse("backoffice:producer_edit", args=[producer.pk])
    assert alice_client.get(url).context["form"]["farm_name"].value() == "Ferme du Bois"
    response = alice_client.post(
        url, producer_form(farm_name="Ferme du Grand Bois", vat_exempt="on", active=None)
    )
    assert response.status_code == 302
    with in_schema(panier):
        producer.refresh_from_db()
    assert producer.farm_name == "Ferme du Grand Bois"
    assert producer.slug == slug
    assert producer.vat_exempt and not producer.active


def test_a_photo_is_uploaded_and_a_text_file_is_refused(alice_client, panier):
    alice_client.post(CREATE, {**producer_form(), "photo": image_upload()})
    with in_schema(panier):
        producer = Producer.objects.get()
    assert producer.photo.name.startswith("producers/")

    url = reverse("backoffice:producer_edit", args=[producer.pk])
    fake = SimpleUploadedFile("photo.png", b"not an image", content_type="image/png")
    response = alice_client.post(url, {**producer_form(city="Rennes"), "photo": fake})
    assert "photo" in response.context["form"].errors
    with in_schema(panier):
        producer.refresh_from_db()
    assert producer.city == "Chasné-sur-Illet"


def test_an_account_is_created_later_from_the_producer_page(
    alice_client, panier, mailoutbox, django_capture_on_commit_callbacks
):
    with in_schema(panier):
        producer = make_producer(email="")
    url = reverse("backoffice:producer_invite", args=[producer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {"email": "Claire@Quatre-Saisons.fr"})
    with in_schema(panier):
        producer.refresh_from_db()
        assert producer.user.email == "claire@quatre-saisons.fr"
    assert mailoutbox[0].to == ["claire@quatre-saisons.fr"]

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {"email": ""})  # sends it again
    assert len(mailoutbox) == 2
    with in_schema(panier):
        assert User.objects.filter(role=Role.PRODUCER).count() == 1


def test_producers_are_searched_by_name_farm_or_town(alice_client, panier):
    with in_schema(panier):
        make_producer(farm_name="Ferme des Quatre Saisons", city="Châteaugiron")
        make_producer(farm_name="Les Ruchers", name="Yann Le Goff", city="Liffré")
        make_producer(farm_name="Chèvrerie", city="Acigné", active=False)
    url = reverse("backoffice:producer_list")

    def farms(**query):
        return [p.farm_name for p in alice_client.get(url, query).context["page"]]

    assert farms(q="liffr") == ["Les Ruchers"]
    assert farms(q="goff") == ["Les Ruchers"]
    assert farms(q="quatre") == ["Ferme des Quatre Saisons"]
    assert farms(active="0") == ["Chèvrerie"]
    assert len(farms(active="1")) == 2


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("backoffice:producer_list"))
    assert response.status_code == 200
    return len(queries)


def _add_producers(collective, count):
    for n in range(count):
        user = make_user(collective, f"producer{n}-{count}@example.fr", Role.PRODUCER)
        with in_schema(collective):
            producer = make_producer(user=user)
            make_product(producer)
            make_product(producer, name="Poireaux")


def test_the_producer_list_costs_the_same_queries_for_3_or_30_producers(
    alice_client, panier, django_assert_max_num_queries
):
    _add_producers(panier, 3)
    few = _queries_for_list(alice_client)
    _add_producers(panier, 27)
    with django_assert_max_num_queries(few):
        response = alice_client.get(reverse("backoffice:producer_list"))
    assert len(response.context["page"]) == 30
