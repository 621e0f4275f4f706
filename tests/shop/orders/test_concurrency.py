"""Many people check out the last units at once: exactly the stock is sold."""

import threading
from decimal import Decimal

from django.db import connection, connections
from django_tenants.utils import tenant_context

from shop.cycles.models import OfferItem
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.orders.errors import OrderRefused
from shop.orders.models import Order
from shop.orders.services import order_place

BUYERS = 12
STOCK = 5


def test_simultaneous_checkouts_sell_exactly_the_stock(committed_collective):
    from groupage.accounts.models import User

    with tenant_context(committed_collective):
        point = make_point()
        cycle = make_cycle([point])
        product = make_product(make_producer(), "Poulet fermier", "15.00")
        (item,) = offer(cycle, product, quantity=STOCK)
        buyers = [User.objects.create_user(email=f"b{i}@example.fr") for i in range(BUYERS)]

    start = threading.Barrier(BUYERS)
    outcomes: list[str] = []

    def checkout(buyer):
        connection.set_tenant(committed_collective)
        try:
            start.wait()
            order_place(
                customer=buyer, cycle=cycle, point=point, items={item.variant_id: Decimal(1)}
            )
            outcomes.append("placed")
        except OrderRefused as refused:
            outcomes.append(f"refused:{refused.shortages.get(item.variant_id):f}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=checkout, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with tenant_context(committed_collective):
        assert outcomes.count("placed") == STOCK
        assert outcomes.count("refused:0.000") == BUYERS - STOCK  # told nothing remains
        assert Order.objects.count() == STOCK
        assert OfferItem.objects.get(pk=item.pk).quantity_sold == STOCK
