"""A producer updates this week's offer from the browser."""

from django_tenants.utils import tenant_context

from tests.browser.conftest import url
from tests.conftest import make_user


def sign_in(page, collective, port, email):
    page.goto(url(collective, port, "/accounts/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def test_producer_sets_quantities_and_saves_the_weekly_offer(
    desktop, committed_collective, live_server_port, django_db_blocker
):
    from shop.cycles.models import OfferItem
    from shop.demo.factories import make_cycle, make_point, make_producer, make_product

    with django_db_blocker.unblock():
        bruno = make_user(committed_collective, "bruno@ferme.fr", "producer")
        with tenant_context(committed_collective):
            cycle = make_cycle([make_point()])
            farm = make_producer(user=bruno, farm_name="Ferme de Bruno")
            make_product(farm, "Poireaux", "3.10")
            make_product(farm, "Carottes", "2.80")

    page = desktop
    sign_in(page, committed_collective, live_server_port, "bruno@ferme.fr")
    page.goto(url(committed_collective, live_server_port, f"/producteur/offre/{cycle.pk}/"))
    leeks = page.locator("tr", has_text="Poireaux")
    leeks.locator("input[type=checkbox]").first.check()
    leeks.locator("input.qty").fill("12")
    page.locator("button[name=action][value=save]").first.click()
    page.wait_for_load_state()
    assert page.locator("tr", has_text="Poireaux").locator("input.qty").input_value() == "12"

    with django_db_blocker.unblock(), tenant_context(committed_collective):
        offered = {
            item.variant.product.name: item.quantity_available
            for item in OfferItem.objects.filter(cycle=cycle).select_related("variant__product")
        }
    assert offered == {"Poireaux": 12}
