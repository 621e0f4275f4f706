"""A reminder travels through a real SMTP server on loopback and arrives whole."""

import email
import socket
from datetime import datetime
from email import policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import signing
from django.test import override_settings

from shop.messaging.reminders import send_deadline_reminders

from .conftest import PARIS

REMINDER_TIME = datetime(2026, 6, 11, 20, 0, tzinfo=PARIS)


class Inbox:
    """An aiosmtpd handler keeping what arrives, raw."""

    def __init__(self):
        self.arrived: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


def arrived(inbox: Inbox) -> dict[str, email.message.EmailMessage]:
    return {
        rcpt_tos[0]: email.message_from_bytes(raw, policy=policy.default)
        for _sender, rcpt_tos, raw in inbox.arrived
    }


def test_reminders_arrive_with_both_parts_unsubscribe_headers_and_language(
    week, chloe, hugo, smtp_server
):
    with time_machine.travel(REMINDER_TIME, tick=False):
        assert send_deadline_reminders() == 2
    mails = arrived(smtp_server)
    assert set(mails) == {"chloe@example.fr", "hugo@example.org"}

    french = mails["chloe@example.fr"]
    assert str(french["From"]) == "Panier des Prés <noreply@localhost>"
    assert french["Content-Language"] == "fr"
    assert french["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = french["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("https://panier-des-pres.localhost/courriels/desabonnement/")
    assert french.get_content_type() == "multipart/alternative"
    text = french.get_body(("plain",)).get_content()
    html = french.get_body(("html",)).get_content()
    assert "vendredi 12 juin, 20:00" in french["Subject"]
    assert url in text and url in html
    assert html.lstrip().startswith("<!doctype html>")

    english = mails["hugo@example.org"]
    assert english["Content-Language"] == "en"
    assert "Friday 12 June, 20:00" in english["Subject"]
    # Each link is its reader's own.
    assert english["List-Unsubscribe"] != french["List-Unsubscribe"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert (
        signing.TimestampSigner(salt="groupage.messaging.unsubscribe").unsign_object(token)[1]
        == "panier_des_pres"
    )
