"""One-click unsubscribe links that only ever act for the person they were sent to.

A link carries a signed token of (user id, collective schema, topic): the
signature (Django's `TimestampSigner`, keyed by SECRET_KEY) means nobody can
change the id to unsubscribe someone else, and the schema means a link of
one collective does nothing on another's site. Links stay valid a year and
a bit, longer than any reminder is kept in a mailbox.

Topics: `reminders` (deadline reminders and "orders are open" notices, the
flag `members.Profile.reminders_opt_out`) and `news` (the collective's
messages, `messaging.NewsOptOut`).
"""

from dataclasses import dataclass

from django.core import signing
from django.db import connection, transaction
from django.urls import reverse

from groupage.accounts.models import User
from shop.members.models import Profile
from shop.messaging.emails import site_url
from shop.messaging.models import NewsOptOut

REMINDERS = "reminders"
NEWS = "news"
TOPICS = (REMINDERS, NEWS)
MAX_AGE_SECONDS = 400 * 24 * 3600
_SALT = "groupage.messaging.unsubscribe"


class InvalidToken(Exception):
    """Tampered with, expired, for another collective, or for no one we know."""


@dataclass(frozen=True)
class Subscription:
    user: User
    topic: str


def make_token(user, topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    return signing.TimestampSigner(salt=_SALT).sign_object(
        [user.pk, connection.schema_name, topic], compress=True
    )


def read_token(token: str) -> Subscription:
    """Whose subscription the token speaks for, in the current collective."""
    try:
        user_id, schema, topic = signing.TimestampSigner(salt=_SALT).unsign_object(
            token, max_age=MAX_AGE_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if schema != connection.schema_name or topic not in TOPICS:
        raise InvalidToken
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidToken
    return Subscription(user=user, topic=topic)


def unsubscribe_url(user, topic: str = REMINDERS, *, base: str | None = None) -> str:
    path = reverse("messaging:unsubscribe", args=[make_token(user, topic)])
    return (base or site_url()).rstrip("/") + path


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that POSTs."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def is_subscribed(subscription: Subscription) -> bool:
    user = subscription.user
    if subscription.topic == REMINDERS:
        return not Profile.objects.filter(user=user, reminders_opt_out=True).exists()
    return not NewsOptOut.objects.filter(user=user).exists()


def subscription_set(*, subscription: Subscription, subscribed: bool) -> None:
    """Stop (or start again) the topic's e-mails for the token's owner."""
    user = subscription.user
    with transaction.atomic():
        if subscription.topic == REMINDERS:
            profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
            if profile.reminders_opt_out == (not subscribed):
                return
            profile.reminders_opt_out = not subscribed
            profile.save(update_fields=["reminders_opt_out"])
        elif subscribed:
            NewsOptOut.objects.filter(user=user).delete()
        else:
            NewsOptOut.objects.get_or_create(user=user)
