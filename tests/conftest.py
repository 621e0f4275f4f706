"""Shared fixtures: two collectives and their named people.

Panier des Prés: Alice (admin), Bruno (producer), Chloé (consumer),
Karim (depot keeper). Bocage Paysan, another collective: Denis (admin),
Élise (consumer).
"""

import shutil

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.models import Collective
from tenants.schema_template import current_template
from tenants.services import CollectiveDetails, collective_provision

PANIER = CollectiveDetails(
    name="Panier des Prés", slug="panier-des-pres", territory="Est de Rennes"
)
BOCAGE = CollectiveDetails(name="Bocage Paysan", slug="bocage-paysan", territory="Mayenne")


def _get_or_provision(details: CollectiveDetails) -> Collective:
    existing = Collective.objects.filter(slug=details.slug).first()
    return existing or collective_provision(details=details)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.test.utils import setup_databases, teardown_databases

    own_setup = None
    with django_db_blocker.unblock():
        test_name = connection.creation._get_test_db_name()
        if connection.settings_dict["NAME"] != test_name:
            # Only tests with committed data were collected (no `db`): pytest-django
            # then sets up no database, but they need one all the same.
            own_setup = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        current_template()
        _get_or_provision(PANIER)
        _get_or_provision(BOCAGE)
    yield
    with django_db_blocker.unblock():
        _close_stray_connections()
    if own_setup:
        with django_db_blocker.unblock():
            teardown_databases(own_setup, verbosity=0)


def _close_stray_connections() -> None:
    """Server threads the tests started (live servers answer each request in a
    thread of their own) can leave an idle connection behind, and PostgreSQL
    will not drop a database someone is connected to: at the end of the
    session, before the test database is dropped, those connections go."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (French, by LANGUAGE_CODE): a page
    requested by an earlier test on the same worker leaves its language active
    in the thread, and a test must not pass or fail by what ran before it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _back_to_public_schema():
    from django.core.cache import cache

    cache.clear()  # rolled-back rows must not survive in a cache
    yield
    if hasattr(connection, "set_schema_to_public"):
        connection.set_schema_to_public()


@pytest.fixture
def panier(db) -> Collective:
    return Collective.objects.get(slug=PANIER.slug)


@pytest.fixture
def bocage(db) -> Collective:
    return Collective.objects.get(slug=BOCAGE.slug)


@pytest.fixture
def in_panier(panier):
    with tenant_context(panier):
        yield panier


@pytest.fixture
def in_bocage(bocage):
    with tenant_context(bocage):
        yield bocage


def host_of(collective: Collective) -> str:
    return f"{collective.slug}.localhost"


@pytest.fixture
def panier_client(panier) -> Client:
    return Client(HTTP_HOST=host_of(panier))


@pytest.fixture
def bocage_client(bocage) -> Client:
    return Client(HTTP_HOST=host_of(bocage))


@pytest.fixture
def platform_client(db) -> Client:
    return Client(HTTP_HOST="localhost")


def make_user(collective: Collective, email: str, role: str = "consumer", **extra):
    from groupage.accounts.models import User

    with tenant_context(collective):
        user = User.objects.create_user(
            email=email, password="correct horse battery", role=role, **extra
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def alice(panier):
    return make_user(panier, "alice@panier-des-pres.fr", "admin", first_name="Alice")


@pytest.fixture
def chloe(panier):
    return make_user(panier, "chloe@example.fr", "consumer", first_name="Chloé")


@pytest.fixture
def denis(bocage):
    return make_user(bocage, "denis@bocage-paysan.fr", "admin", first_name="Denis")


def login(client: Client, user, collective: Collective) -> Client:
    """Sign `user` in on `client`; the session is stored in the collective's schema."""
    with tenant_context(collective):
        client.force_login(user)
    return client


@pytest.fixture
def committed_collective(django_db_setup, django_db_blocker):
    """A throwaway collective whose rows are committed, for tests that need
    other connections to see them (threads, worker processes, servers).

    Not wrapped in a test transaction: it is dropped, schema and all, afterwards.
    """
    import uuid

    from tenants.services import CollectiveDetails, collective_provision

    slug = f"commit-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        collective = collective_provision(details=CollectiveDetails(name="Committed", slug=slug))
        try:
            yield collective
        finally:
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
            collective.domains.all().delete()
            Collective.objects.filter(pk=collective.pk).delete()


# One browser for the whole session, shared by every test that drives one
# (defined here, once: a second Playwright in the same session cannot start).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the ORM calls tests make between
    # two clicks happen in the same thread, outside that loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    executable = shutil.which("chromium")
    assert executable, (
        "Debian's chromium is missing: `make test` installs it (tests/setup_browser.py)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
