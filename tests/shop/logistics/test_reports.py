"""What each document counts: totals match the orders exactly, whatever the cut."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.logistics.reports.baskets import basket_sheets
from shop.logistics.reports.delivery_notes import delivery_notes
from shop.logistics.reports.groupage import groupage_sheet
from shop.logistics.reports.harvest import harvest_lists
from shop.logistics.reports.labels import labels_for
from shop.logistics.reports.pickup import pickup_lists
from shop.logistics.reports.preparation import preparation_lists
from shop.orders.models import Order, OrderLine
from shop.orders.services import order_cancel

D = Decimal


def ordered_per_variant(cycle) -> dict[int, Decimal]:
    """The naive sum, order by order: what every document must agree with."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for order in Order.objects.filter(cycle=cycle, status__in=["placed", "collected"]):
        for line in order.lines.all():
            totals[line.variant_id] += line.quantity
    return dict(totals)


def harvest_rows(week, producer=None):
    return {
        (sheet.producer.farm_name, row.product, row.label): row
        for sheet in harvest_lists(week.cycle, producer=producer)
        for row in sheet.rows
    }


def test_harvest_list_totals_each_variant_and_each_distribution_day(closed):
    rows = harvest_rows(closed)
    thursday, friday = sorted({o.distribution.date for o in closed.orders.values()})
    carrots = rows[("Ferme des Prés", "Carottes", "")]
    assert carrots.quantity == D("16.5")  # 2 + 1,5 + 3 + 10
    assert carrots.by_date == {thursday: D("5"), friday: D("11.5")}
    assert carrots.orders == 4
    assert rows[("Ferme des Prés", "Miel de fleurs", "500 g")].quantity == 1
    assert rows[("Ferme des Prés", "Miel de fleurs", "250 g")].quantity == 2
    chicken = rows[("Ferme des Prés", "Poulet fermier", "")]
    assert chicken.quantity == 3
    assert chicken.estimated_weight_kg == D("5.4")  # 3 pieces of about 1,8 kg
    assert rows[("Fromagerie de la Vallée", "Tomme", "")].quantity == 5
    assert rows[("Fromagerie de la Vallée", "Glace vanille", "")].quantity == 2


def test_every_document_agrees_with_the_orders_line_by_line(closed):
    expected = ordered_per_variant(closed.cycle)
    harvest = defaultdict(Decimal)
    for sheet in harvest_lists(closed.cycle):
        for row in sheet.rows:
            harvest[row.variant_id] += row.quantity
    preparation = defaultdict(Decimal)
    for sheet in preparation_lists(closed.cycle):
        for where in sheet.points:
            for crate in where.crates:
                for row in crate.rows:
                    preparation[row.variant_id] += row.quantity
    groupage = {r.variant_id: r.expected for s in groupage_sheet(closed.cycle) for r in s.rows}
    assert dict(harvest) == expected
    assert dict(preparation) == expected
    assert groupage == expected
    lines = OrderLine.objects.filter(order__cycle=closed.cycle).count()
    assert sum(sheet.line_count for sheet in basket_sheets(closed.cycle)) == lines


def test_preparation_keeps_storage_classes_in_separate_crates_per_point(closed):
    (lucie,) = preparation_lists(closed.cycle, producer=closed.lucie_farm)
    by_point = {where.point.name: where for where in lucie.points}
    epicerie = by_point["Épicerie Le Bocal"]
    assert [c.storage for c in epicerie.crates] == ["fresh", "frozen"]
    frozen = epicerie.crates[1].rows
    assert [(r.product, r.quantity) for r in frozen] == [("Glace vanille", 2)]
    assert [(r.product, r.quantity) for r in by_point["Ferme des Prés"].crates[0].rows] == [
        ("Tomme", 1)
    ]


def test_variable_weight_pieces_are_listed_order_by_order(closed):
    (bruno,) = preparation_lists(closed.cycle, producer=closed.bruno_farm)
    farm = next(w for w in bruno.points if w.point == closed.farm)
    fresh = next(c for c in farm.crates if c.storage == "fresh")
    chicken = next(r for r in fresh.rows if r.product == "Poulet fermier")
    assert [(p.customer, p.quantity) for p in chicken.pieces] == [
        ("AMRANI Farid", 2),
        ("DUPRÉ Chloé", 1),
    ]


def test_a_producer_list_holds_only_their_products(closed):
    rows = harvest_rows(closed, producer=closed.lucie_farm)
    assert {key[0] for key in rows} == {"Fromagerie de la Vallée"}


def test_cancelled_orders_are_left_out(ordered):
    order_cancel(order=ordered.orders["farid"])
    ordered.close()
    rows = harvest_rows(ordered)
    assert rows[("Ferme des Prés", "Carottes", "")].quantity == D("13.5")
    assert rows[("Ferme des Prés", "Poulet fermier", "")].quantity == 1
    numbers = [r.number for s in pickup_lists(ordered.cycle) for r in s.rows]
    assert ordered.orders["farid"].number not in numbers


def test_pickup_list_counts_bags_per_storage_class_and_what_is_left_to_pay(closed):
    sheets = {s.point.name: s for s in pickup_lists(closed.cycle)}
    farm = {r.number: r for r in sheets["Ferme des Prés"].rows}
    chloe = farm[closed.orders["chloe"].number]
    # Two lines per bag: carrots, chicken, tomme are fresh (2 bags); honey ambient (1).
    assert chloe.bags == {"fresh": 2, "ambient": 1}
    assert chloe.due == closed.orders["chloe"].total_incl_vat
    assert [r.customer for r in sheets["Ferme des Prés"].rows] == ["AMRANI Farid", "DUPRÉ Chloé"]
    epicerie = sheets["Épicerie Le Bocal"]
    assert epicerie.bag_totals == {"ambient": 1, "fresh": 2, "frozen": 1}


def test_labels_one_per_bag(closed):
    labels = labels_for(closed.cycle)
    bags = sum(r.bag_count for s in pickup_lists(closed.cycle) for r in s.rows)
    assert len(labels) == bags
    chloe = [lb for lb in labels if lb.number == closed.orders["chloe"].number]
    assert [(lb.storage, lb.bag, lb.bags) for lb in chloe] == [
        ("ambient", 1, 1),
        ("fresh", 1, 2),
        ("fresh", 2, 2),
    ]


def test_delivery_notes_only_for_professionals_with_prices_excluding_vat(closed):
    (note,) = delivery_notes(closed.cycle)
    bistrot = Order.objects.get(pk=closed.orders["bistrot"].pk)
    assert note.company == "Le Bistrot"
    assert note.number == bistrot.number
    lines = bistrot.lines.order_by("product_name")
    assert [(line.product_name, line.unit_price, line.amount) for line in note.lines] == [
        (line.product_name, line.unit_price, line.amount) for line in lines
    ]
    assert [line.unit_price for line in note.lines] == [D("2.65"), D("3.79")]  # excl. VAT
    assert note.totals.total_excl == bistrot.total_excl_vat == sum(line.amount for line in lines)


def test_reports_take_the_same_number_of_queries_for_more_orders(closed, in_panier):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            harvest_lists(closed.cycle)
            preparation_lists(closed.cycle)
            groupage_sheet(closed.cycle)
            basket_sheets(closed.cycle)
            pickup_lists(closed.cycle)
            labels_for(closed.cycle)
            delivery_notes(closed.cycle)
        return len(ctx.captured_queries)

    before = count()
    _more_orders(closed, 12)
    assert count() == before


def _more_orders(week, n):
    """Copies of Chloé's order for `n` more people, straight into the tables."""
    from tests.conftest import make_user

    source = week.orders["chloe"]
    lines = list(source.lines.all())
    for i in range(n):
        person = make_user(in_collective(), f"extra{i}@example.fr", last_name=f"Extra{i}")
        order = Order.objects.create(
            number=f"X-{i}",
            customer=person,
            cycle=week.cycle,
            distribution=source.distribution,
            pickup_point=source.pickup_point,
            total_incl_vat=source.total_incl_vat,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                **{
                    f.name: getattr(line, f.name)
                    for f in OrderLine._meta.concrete_fields
                    if f.name not in ("id", "order")
                },
            )
            for line in lines
        )


def in_collective():
    return connection.tenant
