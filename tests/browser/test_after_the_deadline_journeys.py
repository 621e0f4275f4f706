"""After the deadline: an admin closes the cycle and opens its documents; a depot
keeper ticks the orders off on a phone at the pickup point."""

import base64
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from tests.browser.conftest import url
from tests.browser.test_producer_journey import sign_in
from tests.conftest import make_user

FETCH_BYTES = """async (path) => {
  const response = await fetch(path, {credentials: "same-origin"});
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return [response.status, response.headers.get("content-type"), btoa(binary)];
}"""


@pytest.fixture
def closed_week(committed_collective, django_db_blocker):
    """Orders placed during the window; the deadline passed an hour ago; pickup today."""
    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
    from shop.orders.services import order_place

    now = timezone.now()
    with django_db_blocker.unblock():
        admin = make_user(committed_collective, "alice@collectif.fr", "admin")
        keeper = make_user(committed_collective, "karim@collectif.fr", "depot_keeper")
        buyers = [
            make_user(committed_collective, f"{name.lower()}@example.fr", first_name=name)
            for name in ("Chloé", "Élise")
        ]
        with tenant_context(committed_collective):
            point = make_point("Ferme des Prés")
            point.keepers.add(keeper)
            cycle = make_cycle(
                [point],
                opens_at=now - timedelta(days=5),
                closes_at=now - timedelta(hours=1),
                distribution_date=timezone.localdate(),
            )
            farm = make_producer(farm_name="Ferme des Prés")
            (carrots,) = offer(cycle, make_product(farm, "Carottes", "2.80"), quantity=50)
            for quantity, buyer in zip((3, 5), buyers, strict=True):
                order_place(
                    customer=buyer,
                    cycle=cycle,
                    point=point,
                    items={carrots.variant_id: Decimal(quantity)},
                    now=now - timedelta(days=1),
                )
    return committed_collective, cycle, point, admin, keeper


def test_admin_closes_the_cycle_and_opens_the_harvest_list(
    desktop, closed_week, live_server_port, django_db_blocker
):
    collective, cycle, _point, _admin, _keeper = closed_week
    page = desktop
    sign_in(page, collective, live_server_port, "alice@collectif.fr")
    page.goto(url(collective, live_server_port, f"/gestion/logistique/cycles/{cycle.pk}/"))
    page.locator("form[action$='/fermer/'] button").click()
    page.wait_for_load_state()
    assert page.locator("form[action$='/fermer/']").count() == 0  # closed: no button any more

    pdf_link = page.locator("a", has_text="PDF").first.get_attribute("href")
    status, content_type, body = page.evaluate(FETCH_BYTES, pdf_link)  # as the browser gets it
    assert status == 200 and content_type.startswith("application/pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(base64.b64decode(body))).pages)
    assert "Carottes" in text and "8" in text  # 3 + 5 to harvest

    with django_db_blocker.unblock(), tenant_context(collective):
        cycle.refresh_from_db()
        assert cycle.closed_at is not None


def test_depot_keeper_ticks_an_order_off_on_a_phone(
    phone, closed_week, live_server_port, django_db_blocker
):
    from shop.orders.models import Order

    collective, _cycle, point, _admin, _keeper = closed_week
    page = phone
    sign_in(page, collective, live_server_port, "karim@collectif.fr")
    page.goto(url(collective, live_server_port, f"/depot/points/{point.pk}/"))
    card = page.locator("li.depot-order", has_text="Chloé")
    card.locator("button.collect-button").click()
    page.wait_for_selector("li.depot-order.collected")
    page.wait_for_timeout(500)  # the queue syncs in the background

    with django_db_blocker.unblock(), tenant_context(collective):
        statuses = dict(Order.objects.values_list("customer__first_name", "status"))
    assert statuses == {"Chloé": Order.Status.COLLECTED, "Élise": Order.Status.PLACED}
