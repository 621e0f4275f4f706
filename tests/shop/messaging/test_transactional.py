"""E-mails about one order or one producer: placed, changed, short, ready, payment, close."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail

from shop.messaging.emails import Recipient
from shop.messaging.transactional import (
    email_close_summary,
    email_order_placed,
    email_payment_failed,
    email_payment_needed,
    email_ready_for_pickup,
    email_shortage,
    order_with_lines,
)
from tests.conftest import make_user

from .conftest import html_of, place


def test_placing_an_order_emails_its_summary(week, chloe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(week, chloe, "3")
    [message] = mail.outbox
    assert message.to == ["chloe@example.fr"]
    assert order.number in message.subject
    assert "3 × Carottes" in message.body and "8,40" in message.body
    assert f"/mes-commandes/{order.number}/" in html_of(message)
    assert "Ferme du Bois" in message.body


def test_changing_an_order_says_it_changed(week, chloe, hugo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place(week, hugo, "1")
        order = place(week, hugo, "2")
    assert [m.subject.split(" · ")[0] for m in mail.outbox] == [
        f"Your order {order.number} is confirmed",
        f"Your order {order.number} was changed",
    ]


def test_mail_server_failure_does_not_spoil_the_checkout(
    week, chloe, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        order = place(week, chloe)
    assert order.pk and mail.outbox == []


def test_ready_for_pickup_gives_the_points_day_and_hours(week, hugo):
    order = order_with_lines(place(week, hugo).pk)
    assert email_ready_for_pickup(order)
    body = mail.outbox[0].body
    assert "Ferme du Bois" in body and "Sunday 14 June" in body
    assert "between 17:00 and 19:00" in body
    assert "To pay at pickup: 5.60" in body


def test_shortage_lists_what_is_missing(week, hugo):
    order = order_with_lines(place(week, hugo, "3").pk)
    line = order.lines.get()
    assert email_shortage(order, [(line, Decimal("1"))])
    body = mail.outbox[0].body
    assert "Carottes (Ferme des Prés): ordered 3, you will receive 1" in body


def test_payment_failed_links_to_paying_again(week, hugo):
    order = order_with_lines(place(week, hugo).pk)
    assert email_payment_failed(order, pay_url="https://pay.example/retry")
    assert "https://pay.example/retry" in mail.outbox[0].body
    assert "https://pay.example/retry" in html_of(mail.outbox[0])


def test_close_summary_tells_the_producer_what_sold_with_lists_attached(week, chloe, hugo, panier):
    place(week, chloe, "2")
    place(week, hugo, "3")
    producer = week.carrots.product.producer
    producer.user = make_user(panier, "bruno@ferme.fr", "producer", language="en")
    producer.save()
    pdf = ("harvest-list.pdf", b"%PDF-1.4 list", "application/pdf")
    assert email_close_summary(producer, week.cycle, [pdf])
    [message] = mail.outbox
    assert message.to == ["bruno@ferme.fr"]
    assert "5 × Carottes: 14.00\u00a0€" in message.body
    assert "2 orders" in message.body
    assert message.attachments == [pdf]


def test_close_summary_goes_to_the_farm_address_when_no_account(week):
    producer = week.carrots.product.producer
    producer.email = "contact@ferme-des-pres.fr"
    producer.save()
    assert email_close_summary(producer, week.cycle)
    assert mail.outbox[0].to == ["contact@ferme-des-pres.fr"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    assert "Ferme des Prés" in mail.outbox[0].body and "0,00\u00a0€" in mail.outbox[0].body


def test_recipient_without_account_gets_french():
    assert Recipient(email="x@example.fr").language == "fr"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_order_email_has_both_parts_in_the_members_language(week, chloe, language):
    chloe.language = language
    chloe.save()
    order = order_with_lines(place(week, chloe).pk)
    line = order.lines.get()
    sent = [
        email_order_placed(order),
        email_order_placed(order, changed=True),
        email_shortage(order, [(line, Decimal("0"))]),
        email_ready_for_pickup(order),
        email_payment_needed(order, pay_url="https://pay.example/1"),
        email_payment_failed(order, pay_url="https://pay.example/1"),
    ]
    assert all(sent) and len(mail.outbox) == 6
    day = "dimanche 14 juin" if language == "fr" else "Sunday 14 June"
    for message in mail.outbox:
        assert message.extra_headers["Content-Language"] == language
        assert message.body.strip() and html_of(message).lstrip().startswith("<!doctype html>")
        assert day in message.body and day in html_of(message), message.subject
