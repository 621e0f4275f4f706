"""Real-browser journeys: Debian's Chromium driven by Playwright, against a live
server on loopback serving a committed throwaway collective."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; the ORM calls our tests make
# between two clicks happen in the same thread, outside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@contextmanager
def running_live_server(handler):
    """Django's live server on a free loopback port, serving through `handler`."""
    from django.test.testcases import LiveServerThread

    server = LiveServerThread("127.0.0.1", handler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield server.port
    finally:
        server.terminate()


@pytest.fixture(scope="module")
def live_server_port(django_db_setup, django_db_blocker):
    from django.test.testcases import _StaticFilesHandler

    with django_db_blocker.unblock(), running_live_server(_StaticFilesHandler) as port:
        yield port


@pytest.fixture
def phone(chromium, request):
    """A phone-sized page; its last screen is kept as a test artefact."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def desktop(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def farm_shop(committed_collective, django_db_blocker):
    """A committed shop: two farms, products, two pickup points, an open cycle."""
    from django_tenants.utils import tenant_context

    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer

    with django_db_blocker.unblock(), tenant_context(committed_collective):
        farm = make_point("Ferme des Prés", weekday=3)
        shop = make_point("Épicerie Le Bocal", weekday=4, kind="shop")
        cycle = make_cycle([farm, shop])
        bruno = make_producer(farm_name="Ferme des Prés")
        offer(cycle, make_product(bruno, "Carottes", "2.80"), quantity=50)
        offer(cycle, make_product(bruno, "Poireaux", "3.10"), quantity=50)
        offer(
            cycle,
            make_product(
                bruno, "Miel de fleurs", unit="jar", variants=[("250 g", "5.50"), ("500 g", "9.50")]
            ),
        )
    return committed_collective


def url(collective, port: int, path: str = "/") -> str:
    return f"http://{collective.slug}.localhost:{port}{path}"
