"""Stripe's API stuck (accepting connections, never answering): a clear refusal
in bounded time, and the order and its payment as they were."""

import socket
import threading
import time

import pytest

from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import order_charge_final
from shop.orders.models import Order
from tests.billing.conftest import place, save_card


@pytest.fixture
def silent_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


def test_a_stuck_stripe_is_refused_quickly_and_changes_nothing(
    shop, chloe, panier_account, fake_stripe, settings, silent_server
):
    order = place(shop, chloe, carrots=3)
    save_card(fake_stripe, order)
    order.refresh_from_db()
    before = (order.online_payment.status, order.payment_status)
    settings.STRIPE_API_BASE = silent_server
    settings.STRIPE_TIMEOUT_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(PaymentRefused) as refused:
        order_charge_final(order=order)
    assert time.monotonic() - started < 12  # three tries of one second, with back-off
    assert str(refused.value) and "Traceback" not in str(refused.value)
    order.refresh_from_db()
    assert (order.online_payment.status, order.payment_status) == before
    assert order.status == Order.Status.PLACED
