"""Typed reading of environment variables that fails loudly on bad values.

Every variable the project reads goes through these helpers so that a wrong
value stops start-up with a message naming the variable, rather than being
silently replaced by a default.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_url(name: str, schemes: tuple[str, ...], default: str = "") -> str:
    """A URL whose scheme is one of `schemes`; empty means 'not configured'."""
    value = _raw(name)
    if not value:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}={_redact(value)!r} must be a URL starting with one of: "
            + ", ".join(f"{s}://" for s in schemes)
        )
    if not (parsed.hostname or parsed.path or parsed.query):
        raise ImproperlyConfigured(f"{name}={_redact(value)!r} names no server.")
    return value


def env_hostname(name: str, default: str) -> str:
    value = (_raw(name) or default).lower()
    labels = value.split(".")
    valid = all(label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels)
    if not valid or ":" in value or "/" in value:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a host name (e.g. groupage.fr or localhost, without scheme or port)."
        )
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def _redact(url: str) -> str:
    """Hide the password of a URL so that it never reaches a log or an error page."""
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@", 1)
    return url
