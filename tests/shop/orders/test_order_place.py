"""Placing, changing and cancelling an order: the rules a consumer meets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.cycles.models import OfferItem
from shop.members.models import ShopSettings
from shop.orders.errors import OrderRefused
from shop.orders.models import Order
from shop.orders.services import Delivery, order_cancel, order_place
from tests.conftest import make_user

D = Decimal


@pytest.fixture
def chloe_here(panier, shop):
    return make_user(panier, "chloe@example.fr")


def place(shop, customer, items, point=None, **kwargs):
    return order_place(
        customer=customer,
        cycle=shop.cycle,
        point=point or shop.farm,
        items={shop.variant(p, label).pk: D(q) for (p, label), q in items.items()},
        **kwargs,
    )


def sold(shop, product, label=""):
    return OfferItem.objects.get(
        cycle=shop.cycle, variant=shop.variant(product, label)
    ).quantity_sold


def test_order_inside_the_window_is_placed_with_vat_per_rate(shop, chloe_here):
    order = place(shop, chloe_here, {(shop.carrots, ""): 3, (shop.cider, ""): 2})
    assert order.status == Order.Status.PLACED
    assert order.number.endswith(f"{order.pk:06d}")
    # 3 × 2,80 = 8,40 at 5,5 %; 2 × 4,20 = 8,40 at 20 %; households pay VAT included.
    assert order.total_incl_vat == D("16.80")
    assert order.total_excl_vat == D("7.96") + D("7.00")
    assert order.total_vat == D("0.44") + D("1.40")
    assert sold(shop, shop.carrots) == 3


def test_order_after_the_deadline_is_refused(shop, chloe_here):
    with pytest.raises(OrderRefused, match="closed"):
        place(shop, chloe_here, {(shop.carrots, ""): 1}, now=shop.cycle.closes_at)
    assert not Order.objects.exists()


def test_order_before_the_opening_is_refused(shop, chloe_here):
    with pytest.raises(OrderRefused):
        place(
            shop,
            chloe_here,
            {(shop.carrots, ""): 1},
            now=shop.cycle.opens_at - timedelta(seconds=1),
        )


def test_order_a_second_before_the_deadline_is_placed(shop, chloe_here):
    order = place(
        shop, chloe_here, {(shop.carrots, ""): 1}, now=shop.cycle.closes_at - timedelta(seconds=1)
    )
    assert order.pk


def test_closed_cycle_refuses_orders_even_before_its_deadline(shop, chloe_here):
    shop.cycle.closed_at = timezone.now()
    shop.cycle.save()
    with pytest.raises(OrderRefused):
        place(shop, chloe_here, {(shop.carrots, ""): 1})


def test_product_offered_only_at_the_farm_is_refused_at_the_shop(shop, chloe_here):
    with pytest.raises(OrderRefused) as refused:
        place(shop, chloe_here, {(shop.cider, ""): 1}, point=shop.epicerie)
    assert refused.value.shortages == {shop.variant(shop.cider).pk: 0}
    assert place(shop, chloe_here, {(shop.cider, ""): 1}, point=shop.farm).pk


def test_more_than_what_remains_is_refused_with_what_remains(shop, chloe_here, panier):
    other = make_user(panier, "autre@example.fr")
    place(shop, other, {(shop.carrots, ""): 8})
    with pytest.raises(OrderRefused) as refused:
        place(shop, chloe_here, {(shop.carrots, ""): 3})
    assert refused.value.shortages == {shop.variant(shop.carrots).pk: 2}
    assert sold(shop, shop.carrots) == 8


def test_pickup_point_at_capacity_refuses_one_more_order(shop, chloe_here, panier):
    shop.farm.capacity = 1
    shop.farm.save()
    place(shop, make_user(panier, "first@example.fr"), {(shop.carrots, ""): 1})
    with pytest.raises(OrderRefused, match="full"):
        place(shop, chloe_here, {(shop.carrots, ""): 1})
    assert place(shop, chloe_here, {(shop.carrots, ""): 1}, point=shop.epicerie).pk


def test_changing_an_order_at_a_full_point_keeps_its_place(shop, chloe_here):
    shop.farm.capacity = 1
    shop.farm.save()
    place(shop, chloe_here, {(shop.carrots, ""): 1})
    assert place(shop, chloe_here, {(shop.carrots, ""): 2}).lines.get().quantity == 2


def test_order_below_the_minimum_amount_is_refused(shop, chloe_here):
    settings = ShopSettings.load()
    settings.minimum_order_amount = D("10.00")
    settings.save()
    with pytest.raises(OrderRefused, match="minimum"):
        place(shop, chloe_here, {(shop.carrots, ""): 3})  # 8,40 €
    assert place(shop, chloe_here, {(shop.carrots, ""): 4}).total_incl_vat == D("11.20")


def test_pickup_point_minimum_overrides_the_collective_one(shop, chloe_here):
    shop.epicerie.minimum_order_amount = D("20.00")
    shop.epicerie.save()
    assert place(shop, chloe_here, {(shop.carrots, ""): 1}, point=shop.farm).pk
    with pytest.raises(OrderRefused, match="20,00"):
        place(shop, chloe_here, {(shop.carrots, ""): 1}, point=shop.epicerie)


def test_professionals_pay_prices_without_vat(shop, chloe_here):
    variant = shop.variant(shop.cider)
    variant.pro_price = D("3.20")
    variant.save()
    order = place(shop, chloe_here, {(shop.cider, ""): 2, (shop.carrots, ""): 3}, professional=True)
    # cider: pro price 3,20 HT; carrots: 3 × 2,80 TTC = 8,40 → 7,96 HT (5,5 %),
    # shown as 2,65 HT a unit.
    lines = {line.product_name: line for line in order.lines.all()}
    assert lines["Cidre brut"].unit_price == D("3.20") and lines["Cidre brut"].amount == D("6.40")
    assert lines["Carottes"].unit_price == D("2.65") and lines["Carottes"].amount == D("7.96")
    assert order.total_excl_vat == D("14.36")
    assert order.total_vat == D("1.28") + D("0.44")  # 6,40 × 20 % and 7,96 × 5,5 %
    assert order.total_incl_vat == D("16.08")


def test_placing_again_replaces_the_live_order_and_its_quantities(shop, chloe_here):
    first = place(shop, chloe_here, {(shop.carrots, ""): 5})
    second = place(shop, chloe_here, {(shop.carrots, ""): 2, (shop.honey, "500 g"): 1})
    assert first.pk == second.pk and first.number == second.number
    assert sold(shop, shop.carrots) == 2
    assert sold(shop, shop.honey, "500 g") == 1
    assert Order.objects.count() == 1


def test_changing_an_order_may_use_its_own_reserved_quantity(shop, chloe_here):
    place(shop, chloe_here, {(shop.carrots, ""): 10})  # everything
    assert place(shop, chloe_here, {(shop.carrots, ""): 10}, point=shop.epicerie).pk


def test_cancelling_puts_quantities_back_on_offer(shop, chloe_here):
    order = place(shop, chloe_here, {(shop.carrots, ""): 4})
    order_cancel(order=order)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert sold(shop, shop.carrots) == 0


def test_cancelling_after_the_deadline_is_refused(shop, chloe_here):
    order = place(shop, chloe_here, {(shop.carrots, ""): 4})
    with pytest.raises(OrderRefused):
        order_cancel(order=order, now=shop.cycle.closes_at + timedelta(minutes=1))
    assert sold(shop, shop.carrots) == 4


def test_pickup_point_outside_the_cycle_is_refused(shop, chloe_here):
    from shop.demo.factories import make_point

    elsewhere = make_point("Ailleurs")
    with pytest.raises(OrderRefused):
        place(shop, chloe_here, {(shop.carrots, ""): 1}, point=elsewhere)


def test_inactive_product_cannot_be_ordered(shop, chloe_here):
    shop.carrots.active = False
    shop.carrots.save()
    with pytest.raises(OrderRefused):
        place(shop, chloe_here, {(shop.carrots, ""): 1})


def test_empty_basket_is_refused(shop, chloe_here):
    with pytest.raises(OrderRefused, match="empty"):
        place(shop, chloe_here, {})


def test_home_delivery_needs_a_served_postcode_and_charges_its_fee(shop, chloe_here):
    from shop.cycles.models import Distribution
    from shop.demo.factories import make_point

    home = make_point(
        "Livraison à domicile",
        kind="home_delivery",
        delivery_postcodes="35410 35530",
        delivery_fee=D("4.00"),
        free_delivery_above=D("30.00"),
    )
    Distribution.objects.create(cycle=shop.cycle, pickup_point=home, date=timezone.localdate())
    with pytest.raises(OrderRefused, match="35000"):
        place(
            shop,
            chloe_here,
            {(shop.carrots, ""): 1},
            point=home,
            delivery=Delivery("1 rue", "35000"),
        )
    order = place(
        shop, chloe_here, {(shop.carrots, ""): 1}, point=home, delivery=Delivery("1 rue", "35410")
    )
    assert order.delivery_fee == D("4.00") and order.total_incl_vat == D("6.80")


def test_professional_line_without_vat_is_rounded_once_not_per_unit(shop, chloe_here):
    from shop.demo.factories import make_producer, make_product, offer

    eggs = make_product(make_producer(), "Œuf", "1.00", "5.50", unit="piece")
    offer(shop.cycle, eggs)
    order = order_place(
        customer=chloe_here,
        cycle=shop.cycle,
        point=shop.farm,
        items={eggs.variants.get().pk: D(300)},
        professional=True,
    )
    line = order.lines.get()
    assert line.unit_price == D("0.95")  # shown per unit
    assert line.amount == D("284.36")  # 300,00 € TTC / 1,055, not 300 × 0,95 €


def test_a_double_click_on_a_first_order_places_one_order(committed_collective):
    import threading

    from django.db import connections
    from django_tenants.utils import tenant_context

    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer

    with tenant_context(committed_collective):
        point = make_point()
        cycle = make_cycle([point])
        (item,) = offer(cycle, make_product(make_producer(), "Pain", "4.00"), quantity=10)
        buyer = make_user(committed_collective, "double@example.fr")
    outcomes = []
    start = threading.Barrier(2)

    def click():
        from django.db import connection

        connection.set_tenant(committed_collective)
        try:
            start.wait()
            order_place(customer=buyer, cycle=cycle, point=point, items={item.variant_id: D(2)})
            outcomes.append("placed")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["placed", "placed"]
    with tenant_context(committed_collective):
        assert Order.objects.filter(status=Order.Status.PLACED).count() == 1
        assert OfferItem.objects.get(pk=item.pk).quantity_sold == 2
