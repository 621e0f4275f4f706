"""Plain e-mails of billing (membership and invoice reminders), in the recipient's language.

Templates: `<name>_subject.txt` and `<name>.txt` under `billing/email/`.
A mail server's refusal is logged and answered False: what caused the
e-mail stands either way.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send(*, to: list[str], template: str, context: dict, language: str = "") -> bool:
    recipients = [address for address in to if address]
    if not recipients:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"billing/email/{template}_subject.txt", context)
        body = render_to_string(f"billing/email/{template}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=recipients)
    try:
        return message.send() == 1
    except (OSError, smtplib.SMTPException):
        logger.exception("Billing e-mail %s could not be sent", template)
        return False
