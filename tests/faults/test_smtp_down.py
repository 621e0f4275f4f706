"""The mail server is down when an order is placed: the confirmation waits and
is sent once the server is back, the order itself untouched."""

from decimal import Decimal

import pytest
from celery.exceptions import Retry
from django.test import override_settings

from shop.messaging.tasks import send_order_placed
from shop.orders.models import Order
from shop.orders.services import order_place
from tests.conftest import make_user
from tests.shop.messaging.test_smtp_delivery import Inbox, arrived, free_port


@pytest.fixture
def placed(panier, shop):
    chloe = make_user(panier, "chloe@example.fr", first_name="Chloé")
    return order_place(
        customer=chloe,
        cycle=shop.cycle,
        point=shop.farm,
        items={shop.variant(shop.carrots).pk: Decimal(2)},
    )


def smtp_at(port: int):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=2,
        CELERY_TASK_ALWAYS_EAGER=False,  # as with a broker: retries are scheduled
    )


def test_confirmation_is_retried_while_smtp_is_down_then_sent(placed):
    from aiosmtpd.controller import Controller

    port = free_port()
    with smtp_at(port), pytest.raises(Retry):
        send_order_placed.apply(args=[placed.pk], throw=True)
    assert Order.objects.get(pk=placed.pk).status == Order.Status.PLACED

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_at(port):
            result = send_order_placed.apply(args=[placed.pk], throw=True)
    finally:
        controller.stop()
    assert result.get() is True
    mail = arrived(inbox)["chloe@example.fr"]
    assert placed.number in mail.get_body(("plain",)).get_content()
