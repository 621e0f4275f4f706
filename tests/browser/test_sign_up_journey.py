"""Someone founding a new territory signs up and reaches the onboarding checklist."""

import re

from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Collective


def test_founder_signs_up_a_territory_and_lands_on_the_checklist(
    desktop, live_server_port, django_db_blocker, settings
):
    # Links to the new shop carry the test server's scheme and port.
    settings.PLATFORM_PORT = live_server_port
    settings.PLATFORM_SCHEME = "http"
    page = desktop
    page.goto(f"http://localhost:{live_server_port}/inscription/")
    page.fill("input[name=collective_name]", "Les Paniers de la Rance")
    page.fill("input[name=territory]", "Vallée de la Rance")
    page.fill("input[name=slug]", "paniers-de-la-rance")
    page.fill("input[name=admin_name]", "Gaëlle Le Gall")
    page.fill("input[name=email]", "gaelle@paniers-rance.fr")
    page.fill("input[name=password]", "une-phrase-de-passe-solide")
    page.locator("input[name=plan]").first.check()
    page.check("input[name=accept]")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/inscription/[0-9a-f-]+/"))
    page.locator("#progress a.btn").click(timeout=30_000)  # shown once provisioning is done
    page.wait_for_url(re.compile(r"^http://paniers-de-la-rance\.localhost:\d+/"), timeout=30_000)
    page.wait_for_load_state()
    assert "Les Paniers de la Rance" in page.inner_text("body")
    assert page.locator("main").count() == 1
    checklist = page.inner_text("main")
    assert re.search(r"(pickup point|point de retrait)", checklist, re.IGNORECASE)

    try:
        with django_db_blocker.unblock():
            collective = Collective.objects.get(slug="paniers-de-la-rance")
            assert collective.status == Collective.Status.ACTIVE
            assert schema_exists(collective.schema_name)
    finally:
        with django_db_blocker.unblock():
            connection.set_schema_to_public()
            for collective in Collective.objects.filter(slug="paniers-de-la-rance"):
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
                collective.domains.all().delete()
                collective.delete()
