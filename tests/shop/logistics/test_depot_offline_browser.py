"""The depot keeper's phone loses the network in the cold room, and finds it again.

A real Chromium (Playwright) against a live server: the page keeps working
offline (service worker), taps are queued on the phone, sent when back
online, and a queue sent twice records each tap once.
"""

import json
import shutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.browser.conftest import ARTIFACTS, running_live_server, url
from tests.conftest import CHROMIUM_ARGS, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def static_live_server_port(django_db_setup, django_db_blocker):
    """A live server that serves static files from the apps (the page's script matters here)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    with django_db_blocker.unblock(), running_live_server(StaticFilesHandler) as port:
        yield port


@pytest.fixture
def keeper_day(committed_collective, django_db_blocker):
    """Karim keeps Épicerie Le Bocal; Chloé and Emma collect there today, and Emma
    pays there the membership she promised."""
    from billing.payments.membership import membership_promise
    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
    from shop.logistics.close import cycle_close
    from shop.orders.services import order_place

    collective = committed_collective
    with django_db_blocker.unblock():
        karim = make_user(collective, "karim@epicerie.fr", "depot_keeper")
        chloe = make_user(collective, "chloe@example.fr", first_name="Chloé", last_name="Dupré")
        emma = make_user(collective, "emma@example.fr", first_name="Emma", last_name="Élan")
        with tenant_context(collective):
            point = make_point("Épicerie Le Bocal", kind="shop")
            point.keepers.add(karim)
            cycle = make_cycle([point], distribution_date=timezone.localdate(timezone.now()))
            carrots = make_product(make_producer(), "Carottes", "2.80")
            offer(cycle, carrots)
            variant = carrots.variants.get().pk
            orders = {
                who.first_name: order_place(
                    customer=who, cycle=cycle, point=point, items={variant: Decimal(2)}
                )
                for who in (chloe, emma)
            }
            cycle_close(cycle=cycle, now=cycle.closes_at + timedelta(seconds=1))
            membership_promise(user=emma)
    return collective, point, orders


def test_taps_made_offline_are_sent_once_back_online(
    chromium,
    static_live_server_port,
    keeper_day,
    django_db_blocker,
):
    from billing.payments.models import Membership
    from shop.logistics.models import HandOverEvent, PickupPayment

    collective, point, orders = keeper_day
    chloe, emma = orders["Chloé"], orders["Emma"]
    # A browser process of its own (same Playwright): no service worker or
    # network state left by the journeys that ran before in the shared one.
    browser = chromium.browser_type.launch(
        executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(url(collective, static_live_server_port, "/accounts/login/"))
        page.fill("input[name=login]", "karim@epicerie.fr")
        page.fill("input[name=password]", "correct horse battery")
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        page.goto(url(collective, static_live_server_port, f"/depot/points/{point.pk}/"))
        assert page.locator(f"#order-{chloe.pk}").is_visible()
        # The page registers its service worker and keeps itself and its files.
        page.wait_for_function(
            "() => { caches.open('depot-v1').then(c => c.match(location.href))"
            ".then(r => { window.__cached = !!r; }); return window.__cached === true; }"
        )

        context.set_offline(True)
        page.click(f"#order-{chloe.pk} form[data-kind=collected] button")
        page.click(f"#order-{emma.pk} .depot-pay button")
        page.click(f"#order-{emma.pk} .depot-membership button")
        assert page.locator(f"#order-{emma.pk} .depot-membership").is_hidden()
        assert "3 actions waiting" in page.inner_text("#sync-status")
        page.reload()  # still offline: the service worker's copy, the queue re-applied
        assert "collected" in page.get_attribute(f"#order-{chloe.pk}", "class")
        queue_key = f"depot-queue-{point.pk}"
        sent = page.evaluate(f"localStorage.getItem('{queue_key}')")
        assert len(json.loads(sent)) == 3  # every tap kept on the phone

        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        empty = f"() => JSON.parse(localStorage.getItem('{queue_key}') || '[]').length === 0"
        page.wait_for_function(empty)
        # The same queue sent again (say the answer was lost): nothing recorded twice.
        page.evaluate(f"localStorage.setItem('{queue_key}', {sent!r})")
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_function(empty)
        # And again from a fresh page, which no longer offers the paid membership:
        # the stale tap must not stop the page from sending its queue.
        page.evaluate(f"localStorage.setItem('{queue_key}', {sent!r})")
        page.reload()
        assert page.locator(f"#order-{emma.pk} .depot-membership").count() == 0
        page.wait_for_function(empty)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "depot_offline_queue.png"), full_page=True)
    finally:
        context.close()
        browser.close()

    with django_db_blocker.unblock(), tenant_context(collective):
        assert HandOverEvent.objects.filter(order_id=chloe.pk).count() == 1
        payment = PickupPayment.objects.get()
        assert (payment.order_id, payment.amount) == (emma.pk, emma.total_incl_vat)
        membership = Membership.objects.get(user=emma.customer)
        assert (membership.status, membership.mode) == ("paid", "cash")
