"""Committed throwaway collectives, for fleet operations that run in other processes."""

import uuid

import pytest
from django.db import connection

from tenants.models import Collective
from tenants.services import CollectiveDetails, collective_provision


def drop_collective(collective: Collective) -> None:
    import shutil

    from maintenance.operations import media_folder

    shutil.rmtree(media_folder(collective.schema_name), ignore_errors=True)
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
    Collective.objects.filter(pk=collective.pk).delete()


@pytest.fixture
def committed_collectives(django_db_setup, django_db_blocker):
    """`make(n)` provisions n committed collectives; all are dropped afterwards."""
    made: list[Collective] = []

    def make(count: int, prefix: str = "fleet") -> list[Collective]:
        batch = [
            collective_provision(
                details=CollectiveDetails(
                    name=f"Fleet {i}", slug=f"{prefix}-{uuid.uuid4().hex[:8]}"
                )
            )
            for i in range(count)
        ]
        made.extend(batch)
        return batch

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            from maintenance.models import FleetMigrationRun

            FleetMigrationRun.objects.filter(items__collective__in=made).delete()
            for collective in made:
                drop_collective(collective)


@pytest.fixture(autouse=True)
def _exports_in_a_scratch_folder(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _in_english(settings):
    """Pages and messages in English (the msgids), whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


STAFF_PASSWORD = "console-only-for-staff-42"


def make_staff(email: str = "sam@groupage.localhost", *, totp: bool = True, is_staff: bool = True):
    """A provider staff member in the public schema; returns (user, TOTP secret or None)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from groupage.accounts.models import User

    user = User.objects.create_user(
        email=email, password=STAFF_PASSWORD, is_staff=is_staff, first_name="Sam"
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    secret = None
    if totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    return user, secret


def totp_code(secret: str) -> str:
    """The current code of an authenticator app (RFC 6238, as allauth checks it)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def staff_login(client, user, secret) -> None:
    """The real sign-in: password, then the authenticator code."""
    response = client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302 and "/2fa/" in response["Location"], response
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302, response


@pytest.fixture
def sam(db):
    """Sam, provider staff, with an authenticator app."""
    return make_staff()


@pytest.fixture
def console(sam):
    """Sam signed in on the apex, both factors given."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    staff_login(client, *sam)
    return client
