"""E-mails of logistics, in the recipient's language, behind one small function."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# (file name, content, MIME type)
Attachment = tuple[str, bytes, str]


def send(
    *, to: str, language: str, template: str, context: dict, attachments: Iterable[Attachment] = ()
) -> bool:
    """Render `logistics/email/<template>[_subject].txt` and send it; False if it failed."""
    collective = getattr(connection, "tenant", None)
    zone = getattr(collective, "zone", None) or timezone.get_default_timezone()
    language = language if language in ("fr", "en") else settings.LANGUAGE_CODE
    data = {"collective_name": getattr(collective, "name", ""), **context}
    with translation.override(language), timezone.override(zone):
        subject = render_to_string(f"logistics/email/{template}_subject.txt", data)
        body = render_to_string(f"logistics/email/{template}.txt", data)
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    for name, content, mime in attachments:
        message.attach(name, content, mime)
    try:
        message.send()
    except OSError:
        logger.exception("E-mail %s to %s could not be sent", template, to)
        return False
    return True
