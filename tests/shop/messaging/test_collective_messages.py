"""Alice writes to a group of members, previews, tests and sends; every send is recorded."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from shop.demo.factories import make_point
from shop.members.models import ProfessionalAccount, Profile
from shop.messaging import collective_messages as service
from shop.messaging.audience import segment_audience
from shop.messaging.models import Message, MessageDelivery, NewsOptOut
from shop.orders.models import Order
from tests.conftest import login, make_user

from .conftest import client_for, html_of, place, sent_to

OPEN_DAY = {
    "kind": "open_day",
    "segment": "consumers",
    "subject": "Portes ouvertes à la Ferme des Prés",
    "body": "Venez samedi !\n\nProgramme : https://ferme.example/portes-ouvertes",
    "subject_en": "",
    "body_en": "",
}


def draft(by, **changes) -> Message:
    fields = {**OPEN_DAY, **changes}
    return service.message_save(details=service.MessageDetails(**fields), by=by)


def emails(users) -> list[str]:
    return sorted(users.values_list("email", flat=True))


# --- Segments


def test_all_consumers_leaves_out_producers_and_those_who_said_no_more_news(
    in_panier, panier, chloe, alice
):
    make_user(panier, "bruno@ferme.fr", "producer")
    quiet = make_user(panier, "quiet@example.fr")
    NewsOptOut.objects.create(user=quiet)
    assert emails(segment_audience("consumers")) == ["chloe@example.fr"]


def test_consumers_of_a_pickup_point_are_its_regulars_and_recent_customers(
    week, panier, chloe, hugo
):
    other_point = make_point("Épicerie Le Bocal")
    regular = make_user(panier, "regular@example.fr")
    Profile.objects.create(user=regular, default_pickup_point=week.point)
    now = timezone.now()
    place(week, chloe)  # ordered at the farm
    Order.objects.filter(customer=chloe).update(placed_at=now - timedelta(days=30))
    stale = place(week, hugo)
    Order.objects.filter(pk=stale.pk).update(placed_at=now - timedelta(days=400))
    assert emails(segment_audience("point", week.point, now=now)) == [
        "chloe@example.fr",
        "regular@example.fr",
    ]
    assert emails(segment_audience("point", other_point)) == []


def test_professionals_are_the_approved_ones(in_panier, panier, chloe):
    for email, status in [("chef@bistrot.fr", "approved"), ("wait@cantine.fr", "pending")]:
        ProfessionalAccount.objects.create(
            user=make_user(panier, email),
            company_name=email,
            siret="92229928400013",
            billing_address="Rennes",
            status=status,
        )
    assert emails(segment_audience("professionals")) == ["chef@bistrot.fr"]


def test_producers_get_producer_messages_even_if_they_said_no_more_news(in_panier, panier, chloe):
    bruno = make_user(panier, "bruno@ferme.fr", "producer")
    NewsOptOut.objects.create(user=bruno)
    assert emails(segment_audience("producers")) == ["bruno@ferme.fr"]


# --- Writing, sending


def test_point_segment_needs_a_pickup_point(in_panier, alice):
    with pytest.raises(ValidationError) as refused:
        draft(alice, segment="point")
    assert "pickup_point" in refused.value.message_dict
    assert not Message.objects.exists()


def test_english_version_needs_both_subject_and_text(in_panier, alice):
    with pytest.raises(ValidationError):
        draft(alice, subject_en="Open day")


def test_sending_records_each_delivery_and_sends_once(
    in_panier, alice, chloe, hugo, django_capture_on_commit_callbacks
):
    message = draft(alice)
    with django_capture_on_commit_callbacks(execute=True):
        service.message_send(message=message, by=alice)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.recipients_count == 2
    assert sent_to(mail.outbox) == ["chloe@example.fr", "hugo@example.org"]
    assert set(MessageDelivery.objects.values_list("status", flat=True)) == {"sent"}
    with pytest.raises(ValidationError):
        service.message_send(message=message, by=alice)
    assert len(mail.outbox) == 2


def test_a_message_goes_out_in_batches_each_person_once(in_panier, panier, alice):
    for n in range(5):
        make_user(panier, f"member{n}@example.fr")
    message = draft(alice)
    service.message_send(message=message, by=alice)  # not committed: nothing sent yet
    assert service.message_deliver_batch(message_id=message.pk, size=2) == 3
    assert service.message_deliver_batch(message_id=message.pk, size=2) == 1
    assert service.message_deliver_batch(message_id=message.pk, size=2) == 0
    assert len(mail.outbox) == 5 and len(set(sent_to(mail.outbox))) == 5
    assert Message.objects.get(pk=message.pk).status == Message.Status.SENT


def test_message_with_no_one_to_receive_it_is_refused(in_panier, alice):
    with pytest.raises(ValidationError):
        service.message_send(message=draft(alice, segment="professionals"), by=alice)


def test_english_members_get_the_english_version_and_an_unsubscribe_link(
    in_panier, alice, chloe, hugo
):
    message = draft(alice, subject_en="Farm open day", body_en="Come on Saturday!")
    service.message_send(message=message, by=alice)
    service.message_deliver_batch(message_id=message.pk)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["hugo@example.org"].subject == "Farm open day"
    assert by_address["chloe@example.fr"].subject == OPEN_DAY["subject"]
    french = by_address["chloe@example.fr"]
    assert '<a href="https://ferme.example/portes-ouvertes"' in html_of(french)
    assert "List-Unsubscribe" in french.extra_headers


# --- Pages


def test_alice_writes_previews_and_sends_from_the_back_office(
    alice_client, panier, chloe, django_capture_on_commit_callbacks
):
    response = alice_client.post(reverse("backoffice:message_create"), OPEN_DAY)
    assert response.status_code == 302
    with tenant_context(panier):
        message = Message.objects.get()
    preview = alice_client.get(response.url)
    assert b"Portes ouvertes" in preview.content and b"Send to 1 person" in preview.content
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("backoffice:message_send", args=[message.pk]))
    assert sent_to(mail.outbox) == ["chloe@example.fr"]
    page = alice_client.get(reverse("backoffice:message_detail", args=[message.pk]))
    assert b"chloe@example.fr" in page.content
    listing = alice_client.get(reverse("backoffice:message_list"))
    assert b"1 / 1" in listing.content


def test_send_me_a_test_goes_to_the_admin_only(alice_client, panier, alice, chloe):
    with tenant_context(panier):
        message = draft(alice)
    alice_client.post(reverse("backoffice:message_test", args=[message.pk]))
    assert sent_to(mail.outbox) == ["alice@panier-des-pres.fr"]
    assert mail.outbox[0].subject.startswith("[Test]")
    with tenant_context(panier):
        assert Message.objects.get().status == Message.Status.DRAFT


def test_invalid_message_shows_errors_and_stores_nothing(alice_client, panier):
    response = alice_client.post(
        reverse("backoffice:message_create"), {**OPEN_DAY, "segment": "point"}
    )
    assert response.status_code == 200 and b"Choose an open pickup point" in response.content
    with tenant_context(panier):
        assert not Message.objects.exists()


def test_consumers_cannot_reach_the_messages(panier, chloe):
    client = login(client_for(panier), chloe, panier)
    assert client.get(reverse("backoffice:message_list")).status_code == 403


def test_another_collectives_admin_does_not_see_our_messages(panier, bocage, alice, denis):
    with tenant_context(panier):
        message = draft(alice)
    client = login(client_for(bocage), denis, bocage)
    assert client.get(reverse("backoffice:message_detail", args=[message.pk])).status_code == 404


def test_message_list_query_count_does_not_grow(alice_client, panier, alice, chloe):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(reverse("backoffice:message_list"))
        return len(queries)

    with tenant_context(panier):
        draft(alice)
    count()  # sessions and settings warm up
    few = count()
    with tenant_context(panier):
        for _ in range(6):
            service.message_send(message=draft(alice), by=alice)
    assert count() == few


def test_what_the_admin_types_is_shown_as_text_not_markup(in_panier, alice, chloe):
    message = draft(alice, body="Venez <script>alert(1)</script> & goûtez")
    service.message_send(message=message, by=alice)
    service.message_deliver_batch(message_id=message.pk)
    html = html_of(mail.outbox[0])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script> & goûtez" in mail.outbox[0].body
