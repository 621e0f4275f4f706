"""A consumer on a phone: signs up, fills a basket, orders, changes the order."""

import re

from django.core import mail
from django_tenants.utils import tenant_context

from tests.browser.conftest import url


def test_consumer_signs_up_orders_and_changes_the_order_on_a_phone(
    phone, farm_shop, live_server_port, django_db_blocker
):
    page = phone
    page.goto(url(farm_shop, live_server_port, "/accounts/signup/"))
    page.fill("input[name=email]", "chloe@example.fr")
    page.fill("input[name=password1]", "un-mot-de-passe-solide")
    page.fill("input[name=password2]", "un-mot-de-passe-solide")
    page.click("form button[type=submit]")
    confirmation = next(m for m in mail.outbox if "chloe@example.fr" in m.to)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    assert link.startswith(url(farm_shop, live_server_port, "/"))  # a link back to this collective
    page.goto(link)
    page.click("form button[type=submit]")

    page.goto(url(farm_shop, live_server_port))
    option = page.locator("select[name=point] option", has_text="Ferme des Prés")
    page.select_option("select[name=point]", value=option.get_attribute("value"))
    page.click("form.choice button[type=submit]")
    carrots = page.locator("article.product", has_text="Carottes")
    carrots.locator("input[name=quantity]").fill("3")
    carrots.locator("button[type=submit]").click()
    page.wait_for_selector("#cart >> text=8,40")  # the basket updated in place
    page.goto(url(farm_shop, live_server_port, "/commande/"))
    page.click("#checkout-form button[type=submit]")
    page.wait_for_url(re.compile(r"/mes-commandes/\d{4}-\d+/"))
    assert "8,40" in page.inner_text("main")

    page.click("form[action$='/modifier/'] button")
    leeks = page.locator("article.product", has_text="Poireaux")
    leeks.locator("input[name=quantity]").fill("2")
    leeks.locator("button[type=submit]").click()
    page.wait_for_selector("#cart >> text=14,60")  # 8,40 + 2 × 3,10
    page.goto(url(farm_shop, live_server_port, "/commande/"))
    page.click("#checkout-form button[type=submit]")
    page.wait_for_url(re.compile(r"/mes-commandes/\d{4}-\d+/"))
    assert "14,60" in page.inner_text("main")

    from shop.orders.models import Order

    with django_db_blocker.unblock(), tenant_context(farm_shop):
        order = Order.objects.get(customer__email="chloe@example.fr")
        assert str(order.total_incl_vat) == "14.60"
        assert order.lines.count() == 2
