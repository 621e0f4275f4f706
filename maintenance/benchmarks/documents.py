"""A cycle's documents after the deadline, for 100 and 1,000 orders.

A throwaway collective gets 22 producers (~220 variants, some sold by
weight, ambient / fresh / frozen), 9 pickup points over two days, and two
cycles of 100 and 1,000 orders (8 lines on average, 5 % professionals),
made with bulk inserts, then closed by `cycle_close` (producers e-mailed
their lists). Each document type is then rendered in every format (PDF,
CSV, XLSX); one row per type; then all of them at once, as the back-office's
ZIP makes them (every core), against the sum of the types one after another.

Baselines, in the same run: that sum; the data of the harvest and pickup
lists read the naive way, order by order (a query per order and per line's
relations, as report code without aggregates does); and basket sheets
rendered one PDF per order instead of one PDF for all.
"""

import random
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from maintenance.benchmarks import Result, benchmark
from maintenance.benchmarks.storefront import _drop
from tenants.services import CollectiveDetails, collective_provision

PRODUCERS = 22
PRODUCTS_EACH = 10
POINTS = 9
FORMATS = ("pdf", "csv", "xlsx")
NAMES = [
    "Carottes nouvelles",
    "Tomme de vache",
    "Miel de châtaignier",
    "Poulet fermier",
    "Glace à la vanille",
    "Pommes reinettes",
    "Cidre brut",
    "Œufs plein air",
    "Pain au levain",
    "Yaourt à la fraise",
]


@benchmark("documents")
def documents(quick: bool = False) -> list[Result]:
    sizes = (100, 300) if quick else (100, 1000)
    collective = collective_provision(
        details=CollectiveDetails(name="Bench documents", slug=f"bench-{uuid.uuid4().hex[:8]}")
    )
    results: list[Result] = []
    try:
        with (
            tenant_context(collective),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        ):
            shop = _shop()
            cycles = {n: _cycle_with_orders(shop, n, seed=n) for n in sizes}
            for n in sizes:
                results.extend(_measure(cycles[n], n, one_by_one=n <= 100))
    finally:
        _drop(collective)
    return results


def _measure(cycle, n: int, *, one_by_one: bool) -> list[Result]:
    from shop.logistics.close import cycle_close
    from shop.logistics.documents.registry import DOCUMENTS, render_document
    from shop.logistics.reports.harvest import harvest_lists
    from shop.logistics.reports.pickup import pickup_lists

    rows = []
    started = time.perf_counter()
    cycle_close(cycle=cycle, now=cycle.closes_at)  # autocommit: the e-mails go at once
    rows.append(
        Result(
            f"close, {n} orders ({PRODUCERS} producers e-mailed, ZIP made)", "s", [_since(started)]
        )
    )
    total = 0.0
    for document in DOCUMENTS.values():
        started = time.perf_counter()
        for fmt in FORMATS:
            render_document(document, fmt, cycle=cycle)
        seconds = _since(started)
        total += seconds
        rows.append(Result(f"{document.slug} (PDF+CSV+XLSX), {n} orders", "s", [seconds]))
    from shop.logistics.documents.bundle import documents_zip

    rows.append(
        Result(
            f"all documents in one ZIP (every core), {n} orders",
            "s",
            [_timed(lambda: documents_zip(cycle))],
            "one after another (sum above)",
            [total],
            goal="< 10 s" if n <= 100 else "< 60 s",
        )
    )
    rows.append(
        Result(
            f"harvest list data, {n} orders",
            "ms",
            [_timed(lambda: harvest_lists(cycle)) * 1000],
            "order by order",
            [_timed(lambda: _naive_harvest(cycle)) * 1000],
        )
    )
    rows.append(
        Result(
            f"pickup list data, {n} orders",
            "ms",
            [_timed(lambda: pickup_lists(cycle)) * 1000],
            "order by order",
            [_timed(lambda: _naive_pickup(cycle)) * 1000],
        )
    )
    if one_by_one:
        rows.append(
            Result(
                f"basket sheets PDF, {n} orders",
                "s",
                [_timed(lambda: render_document(DOCUMENTS["baskets"], "pdf", cycle=cycle))],
                "one PDF per order",
                [_timed(lambda: _baskets_one_by_one(cycle))],
            )
        )
    return rows


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return _since(started)


def _since(started: float) -> float:
    return time.perf_counter() - started


# --- Baselines ------------------------------------------------------------------------------


def _naive_harvest(cycle):
    from shop.orders.models import Order

    totals: dict = defaultdict(Decimal)
    for order in Order.objects.filter(cycle=cycle, status__in=["placed", "collected"]):
        for line in order.lines.all():
            totals[(line.producer.farm_name, line.variant.product.name, line.variant.label)] += (
                line.quantity
            )
    return totals


def _naive_pickup(cycle):
    from shop.logistics.models import PickupPayment
    from shop.orders.models import Order

    rows = []
    for order in Order.objects.filter(cycle=cycle, status__in=["placed", "collected"]):
        storages = defaultdict(int)
        for line in order.lines.all():
            storages[line.storage] += 1
        paid = sum(p.amount for p in PickupPayment.objects.filter(order=order))
        rows.append(
            (order.pickup_point.name, order.customer.last_name, order.number, storages, paid)
        )
    return rows


def _baskets_one_by_one(cycle):
    from shop.logistics.documents.pdf import pdf_from_template
    from shop.logistics.reports.baskets import basket_sheets
    from shop.logistics.reports.common import header_for

    header = header_for(cycle)
    for sheet in basket_sheets(cycle):
        pdf_from_template(
            "logistics/pdf/baskets.html",
            {"title": "Basket", "header": header, "data": [sheet], "generated_at": timezone.now()},
        )


# --- Data, made fast ------------------------------------------------------------------------


def _shop() -> dict:
    from shop.catalogue.models import Category, Producer, Product, Variant
    from shop.demo.factories import make_point
    from shop.pickup.models import PickupPoint

    rng = random.Random(42)
    category = Category.objects.create(name="Tout", slug="tout")
    producers = Producer.objects.bulk_create(
        Producer(
            farm_name=f"Ferme n°{i} des Prés",
            name=f"Producteur {i}",
            slug=f"ferme-{i}",
            email=f"ferme{i}@bench.example",
            latitude=Decimal("48.1") + Decimal(rng.randint(-300, 300)) / 1000,
            longitude=Decimal("-1.6") + Decimal(rng.randint(-400, 400)) / 1000,
        )
        for i in range(PRODUCERS)
    )
    storages = ["fresh", "fresh", "ambient", "frozen"]
    products = Product.objects.bulk_create(
        Product(
            producer=producer,
            category=category,
            name=NAMES[k],
            unit="kg" if k % 3 == 0 else "piece",
            vat_rate=Decimal("5.50") if k % 4 else Decimal("20.00"),
            storage=storages[k % 4],
            variable_weight=k % 7 == 0,
        )
        for producer in producers
        for k in range(PRODUCTS_EACH)
    )
    variants = Variant.objects.bulk_create(
        Variant(
            product=product,
            price=Decimal(rng.randint(150, 2500)) / 100,
            estimated_weight_kg=Decimal("1.200") if product.variable_weight else None,
        )
        for product in products
    )
    points = [
        make_point(f"Point de dépôt n°{i}", weekday=4 + i % 2, position=i, capacity=None)
        for i in range(POINTS)
    ]
    PickupPoint.objects.filter(pk__in=[p.pk for p in points]).update(
        latitude=Decimal("48.11"), longitude=Decimal("-1.60")
    )
    from shop.logistics.models import LogisticsSettings

    LogisticsSettings.objects.update_or_create(
        pk=1, defaults={"latitude": Decimal("48.12"), "longitude": Decimal("-1.46")}
    )
    return {"variants": variants, "points": points}


def _cycle_with_orders(shop: dict, n: int, *, seed: int):
    from groupage.accounts.models import User
    from shop.cycles.models import Distribution, OfferItem, OrderCycle
    from shop.orders.models import Order, OrderLine
    from shop.orders.pricing import set_totals
    from shop.orders.services import build_lines

    rng = random.Random(seed)
    now = timezone.now()
    cycle = OrderCycle.objects.create(
        name=f"Bench {n}", opens_at=now - timedelta(days=7), closes_at=now - timedelta(minutes=1)
    )
    day = timezone.localdate() + timedelta(days=2)
    distributions = Distribution.objects.bulk_create(
        Distribution(cycle=cycle, pickup_point=p, date=day + timedelta(days=i % 2))
        for i, p in enumerate(shop["points"])
    )
    variants = shop["variants"]
    OfferItem.objects.bulk_create(OfferItem(cycle=cycle, variant=v) for v in variants)
    offers = {
        o.variant_id: o
        for o in OfferItem.objects.filter(cycle=cycle).select_related("variant__product__producer")
    }
    run = uuid.uuid4().hex[:6]
    User.objects.bulk_create(
        User(
            email=f"{run}-{i}@bench.example",
            first_name=f"Prénom{i}",
            last_name=f"Nom-Élodie{i}",
            password="!",  # noqa: S106
        )
        for i in range(n)
    )
    buyers = list(User.objects.filter(email__startswith=f"{run}-").order_by("pk"))
    orders, order_lines = [], []
    for i, buyer in enumerate(buyers):
        distribution = distributions[i % len(distributions)]
        pro = rng.random() < 0.05
        chosen = rng.sample(variants, rng.randint(4, 12))
        items = {variant.pk: Decimal(rng.randint(1, 3)) for variant in chosen}
        lines = build_lines(offers, items, professional=pro)  # priced as at checkout
        order = Order(
            number=f"B{cycle.pk}-{i:06d}",
            customer=buyer,
            cycle=cycle,
            distribution=distribution,
            pickup_point_id=distribution.pickup_point_id,
            is_professional=pro,
        )
        set_totals(order, ((line.vat_rate, line.amount) for line in lines))
        orders.append(order)
        order_lines.append(lines)
    Order.objects.bulk_create(orders)
    for order, lines in zip(orders, order_lines, strict=True):
        for line in lines:
            line.order = order
    OrderLine.objects.bulk_create([line for lines in order_lines for line in lines])
    return cycle
