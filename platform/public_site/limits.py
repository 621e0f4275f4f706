"""Rate limits of the public site, counted in the shared cache (fixed windows)."""

import hashlib
import ipaddress
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address; behind our own proxy, the one it appended last."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_internal(remote):
        return forwarded.split(",")[-1].strip() or remote
    return remote


def _is_internal(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback


def _key(scope: str, subject: str, window: int) -> str:
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"


def count(scope: str, subject: str, window: int) -> int:
    return cache.get(_key(scope, subject, window), 0)


def hit(scope: str, subject: str, window: int) -> int:
    """Count one more for `subject` in this window; returns the new count."""
    key = _key(scope, subject, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
