"""Bruno's weekly offer: one table, saved at once, within the rules of what is sold."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shop.cycles.models import OfferItem
from shop.cycles.offer import OfferLine, offer_set_for_producer
from shop.demo.factories import make_cycle, make_point, make_product, offer


@pytest.fixture
def farm_point(in_panier):
    return make_point("Ferme des Prés", weekday=3)


@pytest.fixture
def shop_point(in_panier):
    return make_point("Épicerie Le Bocal", weekday=4, kind="shop")


@pytest.fixture
def cycle(farm_point, shop_point):
    return make_cycle([farm_point, shop_point])


@pytest.fixture
def carrots(farm):
    return make_product(farm, "Carottes", "2.80")


@pytest.fixture
def honey(farm):
    return make_product(farm, "Miel", unit="jar", variants=[("250 g", "5.50"), ("500 g", "9.50")])


def offer_url(cycle) -> str:
    return f"/producteur/offre/{cycle.pk}/"


def items_of(cycle) -> dict[str, tuple]:
    return {
        str(item.variant): (
            item.quantity_available,
            sorted(p.name for p in item.pickup_points.all()),
        )
        for item in OfferItem.objects.filter(cycle=cycle).select_related("variant__product")
    }


def table_post(rows: dict, shown, action="save") -> dict:
    """`rows`: variant → (quantity text, [points]) for the offered ones; `shown`: every row."""
    data = {"action": action, "shown": " ".join(str(v.pk) for v in shown)}
    for variant, (quantity, points) in rows.items():
        data[f"o-{variant.pk}"] = "on"
        data[f"q-{variant.pk}"] = quantity
        data[f"p-{variant.pk}"] = [p.pk for p in points]
    return data


def sell(item: OfferItem, quantity: str) -> None:
    """What the ordering services do when someone orders (quantity_sold is theirs to change)."""
    OfferItem.objects.filter(pk=item.pk).update(quantity_sold=Decimal(quantity))


def test_the_offer_page_lists_every_active_variant(bruno_client, cycle, carrots, honey, farm):
    make_product(farm, "Navets", active=False)
    page = bruno_client.get(offer_url(cycle)).content.decode()
    assert "Carottes" in page and "Miel · 250 g" in page and "Miel · 500 g" in page
    assert "Navets" not in page


def test_offer_start_opens_the_soonest_open_cycle(bruno_client, cycle, farm_point):
    later = make_cycle([farm_point], closes_at=timezone.now() + timedelta(days=9))
    make_cycle(
        [farm_point],
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=2),
    )
    page = bruno_client.get("/producteur/offre/")
    assert page["Location"] == offer_url(cycle)
    assert later.name in bruno_client.get(offer_url(cycle)).content.decode()


def test_bruno_saves_his_whole_offer_in_one_post(bruno_client, cycle, carrots, honey, shop_point):
    small, large = honey.variants.all()
    leek = carrots.variants.get()
    page = bruno_client.post(
        offer_url(cycle),
        table_post({leek: ("40", []), small: ("12,5", [shop_point])}, [leek, small, large]),
    )
    assert page.status_code == 302
    assert items_of(cycle) == {
        "Carottes": (Decimal("40.000"), []),
        "Miel 250 g": (Decimal("12.500"), ["Épicerie Le Bocal"]),
    }

    bruno_client.post(offer_url(cycle), table_post({large: ("", [])}, [leek, small, large]))
    assert items_of(cycle) == {"Miel 500 g": (None, [])}


def test_a_variant_added_meanwhile_is_left_alone(bruno_client, cycle, carrots, honey):
    leek = carrots.variants.get()
    offer(cycle, honey)
    bruno_client.post(offer_url(cycle), table_post({leek: ("5", [])}, [leek]))
    assert set(items_of(cycle)) == {"Carottes", "Miel 250 g", "Miel 500 g"}


def test_copy_last_cycles_offer(bruno_client, farm_point, shop_point, carrots, honey):
    now = timezone.now()
    older = make_cycle(
        [farm_point], opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=14)
    )
    last = make_cycle(
        [farm_point, shop_point],
        opens_at=now - timedelta(days=13),
        closes_at=now - timedelta(days=7),
    )
    current = make_cycle([farm_point, shop_point])
    offer(older, carrots, quantity=99)
    offer(last, carrots, quantity=30, points=[shop_point])
    offer(last, honey)

    page = bruno_client.post(offer_url(current), {"action": "copy_previous"})
    assert page.status_code == 302
    assert items_of(current) == {
        "Carottes": (Decimal("30.000"), ["Épicerie Le Bocal"]),
        "Miel 250 g": (None, []),
        "Miel 500 g": (None, []),
    }


def test_quantity_cannot_go_below_what_is_sold(bruno_client, cycle, carrots):
    (item,) = offer(cycle, carrots, quantity=20)
    sell(item, "12")
    leek = carrots.variants.get()
    page = bruno_client.post(offer_url(cycle), table_post({leek: ("10", [])}, [leek]), follow=True)
    assert (
        "Carottes: 12 already sold, the quantity cannot be lower than that."
        in page.content.decode()
    )
    item.refresh_from_db()
    assert item.quantity_available == Decimal("20")

    bruno_client.post(offer_url(cycle), table_post({leek: ("12", [])}, [leek]))
    item.refresh_from_db()
    assert item.quantity_available == Decimal("12")  # sold out: stops selling


def test_withdrawing_an_ordered_item_is_refused(bruno_client, cycle, carrots, honey):
    (carrot_item,) = offer(cycle, carrots, quantity=20)
    offer(cycle, honey)
    sell(carrot_item, "3")
    shown = [carrots.variants.get(), *honey.variants.all()]
    page = bruno_client.post(offer_url(cycle), table_post({}, shown), follow=True)
    content = page.content.decode()
    assert "Carottes is already ordered (3): it cannot be withdrawn." in content
    assert len(items_of(cycle)) == 3  # nothing withdrawn, not even the honey


def test_withdraw_everything_keeps_what_is_ordered_at_the_quantity_sold(
    bruno_client, cycle, carrots, honey
):
    (carrot_item,) = offer(cycle, carrots)
    offer(cycle, honey)
    sell(carrot_item, "4")
    page = bruno_client.post(offer_url(cycle), {"action": "withdraw_all"}, follow=True)
    assert "1 already ordered stays on offer" in page.content.decode()
    assert items_of(cycle) == {"Carottes": (Decimal("4.000"), [])}


def test_offer_everything_unlimited(bruno_client, cycle, carrots, honey, farm, shop_point):
    make_product(farm, "Navets", active=False)
    offer(cycle, carrots, quantity=5, points=[shop_point])
    bruno_client.post(offer_url(cycle), {"action": "add_all_unlimited"})
    assert items_of(cycle) == {
        "Carottes": (None, ["Épicerie Le Bocal"]),  # where it is sold stays as chosen
        "Miel 250 g": (None, []),
        "Miel 500 g": (None, []),
    }


def test_changes_after_the_deadline_are_refused(bruno_client, farm_point, carrots):
    now = timezone.now()
    closed = make_cycle(
        [farm_point], opens_at=now - timedelta(days=7), closes_at=now - timedelta(minutes=1)
    )
    leek = carrots.variants.get()
    page = bruno_client.get(offer_url(closed)).content.decode()
    assert "its offer can no longer change" in page

    page = bruno_client.post(offer_url(closed), table_post({leek: ("5", [])}, [leek]), follow=True)
    assert "its offer can no longer change" in page.content.decode()
    assert not OfferItem.objects.filter(cycle=closed).exists()


def test_the_deadline_is_checked_at_the_moment_of_saving(farm, cycle, carrots):
    leek = carrots.variants.get()
    with pytest.raises(ValidationError, match="can no longer change"):
        offer_set_for_producer(
            producer=farm,
            cycle=cycle,
            lines=[OfferLine(leek.pk, True)],
            now=cycle.closes_at,
        )
    assert not OfferItem.objects.filter(cycle=cycle).exists()


def test_bruno_cannot_offer_another_producers_variant(farm, cycle, gaelle_product):
    honey = gaelle_product.variants.get()
    with pytest.raises(ValidationError, match="not yours"):
        offer_set_for_producer(producer=farm, cycle=cycle, lines=[OfferLine(honey.pk, True)])
    assert not OfferItem.objects.filter(cycle=cycle).exists()


def test_a_pickup_point_outside_the_cycle_is_refused(farm, cycle, carrots):
    elsewhere = make_point("Maison de quartier", kind="community_centre")
    leek = carrots.variants.get()
    with pytest.raises(ValidationError, match="does not take part in this cycle"):
        offer_set_for_producer(
            producer=farm,
            cycle=cycle,
            lines=[OfferLine(leek.pk, True, None, frozenset({elsewhere.pk}))],
        )


def test_a_bad_quantity_is_shown_on_its_row(bruno_client, cycle, carrots):
    leek = carrots.variants.get()
    page = bruno_client.post(offer_url(cycle), table_post({leek: ("beaucoup", [])}, [leek]))
    content = page.content.decode()
    assert "Enter a number." in content
    assert 'value="beaucoup"' in content  # what he typed stays
    assert not OfferItem.objects.filter(cycle=cycle).exists()


def test_admin_edits_the_offer_of_a_producer(alice_client, farm, cycle, carrots):
    leek = carrots.variants.get()
    page = alice_client.post(
        f"{offer_url(cycle)}?producer={farm.pk}", table_post({leek: ("8", [])}, [leek])
    )
    assert page["Location"] == f"{offer_url(cycle)}?producer={farm.pk}"
    assert items_of(cycle) == {"Carottes": (Decimal("8.000"), [])}


def test_a_point_where_the_item_is_ordered_cannot_be_removed(
    farm, cycle, carrots, chloe, shop_point, farm_point
):
    from shop.orders.services import order_place

    (item,) = offer(cycle, carrots, quantity=20)
    leek = carrots.variants.get()
    order_place(customer=chloe, cycle=cycle, point=shop_point, items={leek.pk: Decimal(2)})
    item.refresh_from_db()
    assert item.quantity_sold == Decimal(2)

    with pytest.raises(ValidationError, match="already ordered at pickup points you removed"):
        offer_set_for_producer(
            producer=farm,
            cycle=cycle,
            lines=[OfferLine(leek.pk, True, Decimal(20), frozenset({farm_point.pk}))],
        )
    offer_set_for_producer(
        producer=farm,
        cycle=cycle,
        lines=[OfferLine(leek.pk, True, Decimal(2), frozenset({shop_point.pk}))],
    )
    assert items_of(cycle) == {"Carottes": (Decimal("2.000"), ["Épicerie Le Bocal"])}
