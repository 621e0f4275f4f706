"""Composing and sending e-mails: one template, three parts, the recipient's language.

Every e-mail of a collective goes through `send_templated_email`: it renders
`messaging/email/<template>_subject.txt`, `<template>.txt` and `<template>.html`
in the recipient's language (French or English) and the collective's time
zone, and sends them through Django's e-mail backend (SMTP by default), so a
provider's backend can be swapped in by settings alone.

Call it inside the collective's schema (a request, or a task sent from it).
"""

import logging
import smtplib
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
# (file name, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]


@dataclass(frozen=True)
class Recipient:
    """Someone to write to who may have no account (e.g. a producer's farm address)."""

    email: str
    language: str = "fr"
    first_name: str = ""

    def get_full_name(self) -> str:
        return self.first_name


def language_of(to_user) -> str:
    language = getattr(to_user, "language", "") or settings.LANGUAGE_CODE
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def site_url(path: str = "/") -> str:
    """The current collective's address (its primary domain), to start links we e-mail."""
    tenant = getattr(db_connection, "tenant", None)
    domain = tenant.get_primary_domain() if tenant is not None else None
    host = domain.domain if domain is not None else settings.PLATFORM_DOMAIN
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


def sender_of(collective) -> str:
    """The platform's address under the collective's name: "Panier des Prés <noreply@…>"."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = getattr(collective, "name", "") or settings.PLATFORM_NAME
    # Quoted as it is; Django encodes non-ASCII names when it sends.
    quoted = name.replace("\\", "").replace('"', "").replace("\n", " ")
    return f'"{quoted}" <{address}>'


def build_templated_email(
    *,
    to_user,
    template: str,
    context: dict,
    headers: dict | None = None,
    attachments: Iterable[Attachment] = (),
) -> EmailMultiAlternatives:
    """The e-mail, rendered for `to_user` (anything with `.email` and `.language`)."""
    collective = db_connection.tenant
    language = language_of(to_user)
    data = {"collective": collective, "user": to_user, "language": language, **context}
    if "site_url" not in data:
        data["site_url"] = site_url()
    zone = getattr(collective, "zone", None) or timezone.get_default_timezone()
    with translation.override(language), timezone.override(zone):
        subject = render_to_string(f"messaging/email/{template}_subject.txt", data)
        text = render_to_string(f"messaging/email/{template}.txt", data)
        html = render_to_string(f"messaging/email/{template}.html", data)
    contact = getattr(collective, "contact_email", "")
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=sender_of(collective),
        to=[to_user.email],
        reply_to=[contact] if contact else None,
        headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_templated_email(
    *,
    to_user,
    template: str,
    context: dict,
    headers: dict | None = None,
    attachments: Iterable[Attachment] = (),
    connection=None,
) -> bool:
    """Render and send; False (and a log line) when the mail server refused it.

    Pass an open `connection` (`mail_session()`) to send many on one session.
    """
    message = build_templated_email(
        to_user=to_user,
        template=template,
        context=context,
        headers=headers,
        attachments=attachments,
    )
    message.connection = connection
    return deliver(message)


def deliver(message: EmailMultiAlternatives) -> bool:
    try:
        return message.send() == 1
    except (OSError, smtplib.SMTPException):
        logger.exception("E-mail %r to %s could not be sent", message.subject, message.to)
        return False


@contextmanager
def mail_session():
    """One session with the mail server for a batch of e-mails.

    If the server cannot be reached, each send retries and fails on its own
    (and says so), so the caller learns exactly which ones went out.
    """
    session = get_connection(fail_silently=False)
    try:
        session.open()
    except (OSError, smtplib.SMTPException):
        logger.warning("The mail server could not be reached", exc_info=True)
    try:
        yield session
    finally:
        try:
            session.close()
        except (OSError, smtplib.SMTPException):
            logger.warning("The mail session did not close cleanly", exc_info=True)
