"""The storefront under load, and checkouts fighting for the last units.

Storefront: Panier des Prés' shop page (~300 products, 22 producers) served
by gunicorn with DEBUG off, 16 concurrent clients; in the same run the
ceiling, a trivial tenant-routed view (`/healthz`: routing and one query).

Checkout: 16 threads placing orders that all want the same five products
(contention) against the same number of orders on distinct products.
"""

import contextlib
import threading
import time
import uuid
from decimal import Decimal

from django.db import connection, connections
from django_tenants.utils import tenant_context

from maintenance.benchmarks import Result, benchmark
from maintenance.benchmarks.http_load import run_load
from maintenance.benchmarks.server import gunicorn
from maintenance.processes import fork_pool
from tenants.models import Collective
from tenants.services import CollectiveDetails, collective_provision

HOST = "panier-des-pres.localhost"


@benchmark("storefront")
def storefront(quick: bool = False) -> list[Result]:
    from shop.demo.seed import seed_demo

    seed_demo()
    seconds = 3.0 if quick else 8.0
    rounds = 1 if quick else 3
    shop_rps, shop_p95, ceiling_rps = [], [], []
    with gunicorn(workers=4) as port:
        run_load(port, "/", HOST, concurrency=4, seconds=1.0)  # warm every worker
        for _ in range(rounds):
            shop = run_load(port, "/", HOST, concurrency=16, seconds=seconds)
            ceiling = run_load(port, "/healthz", HOST, concurrency=16, seconds=seconds)
            if shop.errors or ceiling.errors:
                raise RuntimeError(f"errors under load: {shop.errors} / {ceiling.errors}")
            shop_rps.append(shop.throughput)
            shop_p95.append(shop.p95 * 1000)
            ceiling_rps.append(ceiling.throughput)
    return [
        Result(
            "storefront, 16 clients",
            "req/s",
            shop_rps,
            "tenant-routed /healthz (ceiling)",
            ceiling_rps,
            "≥ 30 % of ceiling",
            higher_is_better=True,
        ),
        Result("storefront p95 latency, 16 clients", "ms", shop_p95, goal="< 100 ms"),
    ]


@benchmark("checkout")
def checkout(quick: bool = False) -> list[Result]:
    orders = 200 if quick else 800
    collective = collective_provision(
        details=CollectiveDetails(name="Bench checkout", slug=f"bench-{uuid.uuid4().hex[:8]}")
    )
    try:
        contended, sold, stock = _checkouts(collective, orders, hot_products=5)
        spread, _sold, _stock = _checkouts(collective, orders, hot_products=orders)
        if sold != stock:
            raise RuntimeError(f"oversell or undersell: {sold} sold of {stock}")
    finally:
        _drop(collective)
    return [
        Result(
            "checkout, 16 buyers on 5 products (no oversell)",
            "orders/s",
            [contended],
            "same orders on distinct products",
            [spread],
            "≥ 100 orders/s",
            higher_is_better=True,
        )
    ]


PROCESSES = 4
THREADS_EACH = 4


def _place_orders(task) -> None:
    """In a worker process: place one-line orders from a few threads."""
    from groupage.accounts.models import User
    from groupage.celery import app
    from shop.cycles.models import OrderCycle
    from shop.orders.errors import OrderRefused
    from shop.orders.services import order_place
    from shop.pickup.models import PickupPoint

    # As in production: the confirmation e-mail is queued for a worker, not
    # rendered and sent inside the checkout (without a broker it would be).
    app.conf.task_always_eager = False
    collective_id, cycle_id, point_id, work = task
    collective = Collective.objects.get(pk=collective_id)
    queue, lock = list(work), threading.Lock()

    def run() -> None:
        connection.set_tenant(collective)
        cycle, point = OrderCycle.objects.get(pk=cycle_id), PickupPoint.objects.get(pk=point_id)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    buyer_id, variant_id = queue.pop()
                with contextlib.suppress(OrderRefused):
                    order_place(
                        customer=User.objects.get(pk=buyer_id),
                        cycle=cycle,
                        point=point,
                        items={variant_id: Decimal(1)},
                    )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS_EACH)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _checkouts(collective: Collective, orders: int, *, hot_products: int):
    """Place `orders` one-line orders, 16 at once; returns (orders/s, sold, stock)."""
    from groupage.accounts.models import User
    from shop.cycles.models import OfferItem
    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer

    with tenant_context(collective):
        point = make_point()
        cycle = make_cycle([point])
        producer = make_producer()
        # Contended: stock is 90 % of the demand, so the last units are fought for.
        stock_each = max(1, int(orders * 0.9) // hot_products)
        items = [
            offer(cycle, make_product(producer, f"P{i}", "3.00"), quantity=stock_each)[0]
            for i in range(hot_products)
        ]
        run = uuid.uuid4().hex[:6]
        buyers = [
            User(email=f"{run}-{i}@bench.example", password="!")  # noqa: S106
            for i in range(orders)
        ]
        User.objects.bulk_create(buyers)
        buyers = list(User.objects.filter(email__startswith=f"{run}-"))

    # Four processes (as four web workers) of four threads each: 16 buyers at once.
    work = [(buyer.pk, items[i % hot_products].variant_id) for i, buyer in enumerate(buyers)]
    chunks = [work[p::PROCESSES] for p in range(PROCESSES)]
    started = time.perf_counter()
    with fork_pool(PROCESSES) as pool:
        list(pool.map(_place_orders, [(collective.pk, cycle.pk, point.pk, c) for c in chunks]))
    elapsed = time.perf_counter() - started
    with tenant_context(collective):
        sold = sum(
            OfferItem.objects.filter(pk__in=[i.pk for i in items]).values_list(
                "quantity_sold", flat=True
            )
        )
    return (
        orders / elapsed,
        int(sold),
        stock_each * hot_products if hot_products < orders else int(sold),
    )


def _drop(collective: Collective) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
    collective.domains.all().delete()
    Collective.objects.filter(pk=collective.pk).delete()
