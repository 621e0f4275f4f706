"""Rules for a collective's subdomain (its slug) and schema name."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
RESERVED_SLUGS = frozenset(
    [
        "www",
        "api",
        "admin",
        "static",
        "media",
        "mail",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "app",
        "apps",
        "assets",
        "cdn",
        "status",
        "staff",
        "support",
        "help",
        "docs",
        "blog",
        "shop",
        "store",
        "console",
        "dashboard",
        "login",
        "logout",
        "signup",
        "account",
        "accounts",
        "auth",
        "billing",
        "pay",
        "payments",
        "stripe",
        "webhooks",
        "public",
        "template",
        "test",
        "tests",
        "demo",
        "root",
        "system",
        "groupage",
        "platform",
        "maintenance",
        "healthz",
        "metrics",
        "dev",
        "staging",
        "prod",
        "production",
    ]
)
# A short list of words no collective should be able to take as its address.
OFFENSIVE_SLUG_WORDS = frozenset(["nazi", "porn", "sexe", "fuck", "merde", "connard", "salope"])


def validate_slug(slug: str) -> None:
    """Raise ValidationError with a message the founder of a collective understands."""
    if not 3 <= len(slug) <= 40:
        raise ValidationError(_("The subdomain must be 3 to 40 characters long."), code="length")
    if not SLUG_RE.match(slug):
        raise ValidationError(
            _(
                "Use only lowercase letters, digits and hyphens; start with a letter "
                "and do not end with a hyphen."
            ),
            code="characters",
        )
    if "--" in slug:
        raise ValidationError(_("Two hyphens in a row are not allowed."), code="double_hyphen")
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise ValidationError(
            _("“%(slug)s” is reserved, please choose another subdomain."),
            params={"slug": slug},
            code="reserved",
        )
    if any(word in slug for word in OFFENSIVE_SLUG_WORDS):
        raise ValidationError(_("This subdomain is not allowed."), code="offensive")


def schema_name_for(slug: str) -> str:
    """Slugs never contain underscores, so this mapping is one-to-one."""
    return slug.replace("-", "_")
