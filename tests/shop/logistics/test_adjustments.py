"""After the deadline: actual weights and shortages change lines, orders and the offer."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from shop.cycles.models import OfferItem
from shop.logistics.adjustments import line_set_actual_weight, product_mark_short, weights_record
from shop.logistics.models import ShortageAdjustment, Weighing
from shop.logistics.reports.harvest import harvest_lists
from shop.logistics.reports.pickup import pickup_lists
from shop.logistics.signals import order_total_adjusted
from shop.money import totals_for
from shop.orders.models import Order, OrderLine

D = Decimal


@pytest.fixture
def adjusted_totals():
    """Every `order_total_adjusted` sent, as (order id, before, after, reason)."""
    seen = []

    def receiver(sender, order_id, total_before, total_after, reason, **kwargs):
        seen.append((order_id, total_before, total_after, reason))

    order_total_adjusted.connect(receiver)
    yield seen
    order_total_adjusted.disconnect(receiver)


def line_of(week, who, product, label=""):
    return OrderLine.objects.get(order=week.orders[who], variant=week.variant(product, label))


def offer_of(week, product, label=""):
    return OfferItem.objects.get(cycle=week.cycle, variant=week.variant(product, label))


def assert_totals_follow_lines(order: Order):
    order.refresh_from_db()
    lines = list(order.lines.values_list("vat_rate", "amount"))
    totals = totals_for(lines, prices_incl_vat=not order.is_professional)
    assert order.total_incl_vat == totals.total_incl + order.delivery_fee
    assert order.total_excl_vat == totals.total_excl
    assert order.total_vat == totals.total_vat


# --- Weights --------------------------------------------------------------------------------


def test_the_actual_weight_sets_the_line_price_and_the_order_total(
    closed, adjusted_totals, django_capture_on_commit_callbacks
):
    line = line_of(closed, "chloe", closed.chicken)
    assert line.amount == D("21.60")  # 1 piece of about 1,8 kg at 12,00 €/kg
    before = Order.objects.get(pk=line.order_id).total_incl_vat
    with django_capture_on_commit_callbacks(execute=True):
        line_set_actual_weight(line=line, weight_kg="2,1", by=None)
    line.refresh_from_db()
    assert line.actual_weight_kg == D("2.100")
    assert line.amount == D("25.20")
    order = Order.objects.get(pk=line.order_id)
    assert order.total_incl_vat == before + D("3.60")
    assert_totals_follow_lines(order)
    assert adjusted_totals == [(order.pk, before, order.total_incl_vat, "weight")]
    (message,) = mail.outbox
    assert message.to == ["chloe@example.fr"]
    assert "25,20" in message.body


def test_a_weight_is_rounded_once_per_line(closed):
    line = line_of(closed, "farid", closed.chicken)  # 2 pieces
    line_set_actual_weight(line=line, weight_kg="3.237")
    line.refresh_from_db()
    assert line.amount == D("38.84")  # 3,237 × 12,00 = 38,844


def test_a_professionals_weighed_line_follows_the_checkout_rule(closed):
    """Without a price of their own, a professional pays the households' line
    without its VAT, after weighing as at checkout: 2,80 € × 3,333 kg = 9,33 €
    TTC, so 8,84 € HT (not the rounded 2,65 € HT × 3,333 kg = 8,83 €)."""
    line = line_of(closed, "bistrot", closed.carrots)
    assert (line.unit_price, line.incl_vat_unit_price) == (D("2.65"), D("2.80"))
    OrderLine.objects.filter(pk=line.pk).update(variable_weight=True)

    line_set_actual_weight(line=line, weight_kg="3.333")

    line.refresh_from_db()
    assert line.amount == D("8.84")
    assert_totals_follow_lines(line.order)


def test_weights_of_several_lines_tell_each_customer_once(
    closed, django_capture_on_commit_callbacks
):
    lines = {
        line_of(closed, "chloe", closed.chicken).pk: "1,9",
        line_of(closed, "farid", closed.chicken).pk: "3.5",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert weights_record(weights=lines, producer=closed.bruno_farm) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chloe@example.fr", "farid@example.fr"]
    assert Weighing.objects.count() == 2


def test_a_producer_cannot_weigh_another_producers_lines(closed):
    line = line_of(closed, "chloe", closed.chicken)
    with pytest.raises(ValidationError, match="not yours"):
        weights_record(weights={line.pk: "2"}, producer=closed.lucie_farm)
    line.refresh_from_db()
    assert line.actual_weight_kg is None


def test_weights_are_entered_after_the_deadline_only(ordered):
    with pytest.raises(ValidationError, match="still open"):
        line_set_actual_weight(line=line_of(ordered, "chloe", ordered.chicken), weight_kg="2")


def test_only_variable_weight_lines_are_weighed(closed):
    with pytest.raises(ValidationError, match="not sold by weight"):
        line_set_actual_weight(line=line_of(closed, "chloe", closed.carrots), weight_kg="2")


@pytest.mark.parametrize("weight", ["0", "-1", "abc", "NaN", "1e9"])
def test_a_wrong_weight_is_refused(closed, weight):
    with pytest.raises(ValidationError):
        line_set_actual_weight(line=line_of(closed, "chloe", closed.chicken), weight_kg=weight)


# --- Shortages ------------------------------------------------------------------------------


def test_a_shortage_reduces_the_orders_placed_last_first(
    closed, adjusted_totals, django_capture_on_commit_callbacks
):
    # 16,5 kg of carrots ordered: Chloé 2, Emma 1,5, Farid 3, then Le Bistrot 10. Only 4 kg.
    bistrot_before = closed.orders["bistrot"].total_incl_vat
    with django_capture_on_commit_callbacks(execute=True):
        record = product_mark_short(
            offer_item=offer_of(closed, closed.carrots), quantity_supplied="4", note="grêle"
        )
    assert (record.quantity_ordered, record.quantity_supplied) == (D("16.5"), D("4"))
    assert not OrderLine.objects.filter(
        order=closed.orders["bistrot"], variant=closed.variant(closed.carrots)
    ).exists()
    farid = line_of(closed, "farid", closed.carrots)
    assert farid.quantity == D("0.5")
    assert farid.amount == D("1.40")
    assert line_of(closed, "emma", closed.carrots).quantity == D("1.5")
    assert line_of(closed, "chloe", closed.carrots).quantity == 2
    for who in ("bistrot", "farid"):
        assert_totals_follow_lines(closed.orders[who])
    bistrot = Order.objects.get(pk=closed.orders["bistrot"].pk)
    assert bistrot.status == Order.Status.PLACED  # its tommes remain
    assert {(o, r) for o, _b, _a, r in adjusted_totals} == {
        (closed.orders["bistrot"].pk, "shortage"),
        (closed.orders["farid"].pk, "shortage"),
    }
    assert (bistrot_before, bistrot.total_incl_vat) in {(b, a) for _o, b, a, _r in adjusted_totals}
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@bistrot.fr", "farid@example.fr"]
    assert ShortageAdjustment.objects.filter(record=record).count() == 2


def test_after_a_shortage_the_offer_and_every_document_show_what_is_supplied(closed):
    product_mark_short(offer_item=offer_of(closed, closed.carrots), quantity_supplied="4")
    item = offer_of(closed, closed.carrots)
    assert (item.quantity_sold, item.quantity_available) == (D("4"), D("4"))
    (bruno,) = harvest_lists(closed.cycle, producer=closed.bruno_farm)
    carrots = next(r for r in bruno.rows if r.product == "Carottes")
    assert carrots.quantity == 4


def test_an_order_left_with_nothing_is_cancelled(closed):
    product_mark_short(offer_item=offer_of(closed, closed.ice_cream), quantity_supplied="0")
    emma = Order.objects.get(pk=closed.orders["emma"].pk)
    assert emma.status == Order.Status.PLACED  # carrots and honey remain
    product_mark_short(offer_item=offer_of(closed, closed.honey, "250 g"), quantity_supplied="0")
    product_mark_short(offer_item=offer_of(closed, closed.carrots), quantity_supplied="0")
    emma.refresh_from_db()
    assert emma.status == Order.Status.CANCELLED
    assert emma.total_incl_vat == 0
    numbers = [r.number for s in pickup_lists(closed.cycle) for r in s.rows]
    assert emma.number not in numbers


def test_a_weighed_line_keeps_the_weight_of_the_pieces_left(closed):
    line = line_of(closed, "farid", closed.chicken)  # 2 pieces
    line_set_actual_weight(line=line, weight_kg="3.6")
    product_mark_short(offer_item=offer_of(closed, closed.chicken), quantity_supplied="2")
    line.refresh_from_db()  # Farid ordered after Chloé: one of his two pieces goes
    assert (line.quantity, line.actual_weight_kg, line.amount) == (1, D("1.800"), D("21.60"))


def test_nothing_to_reduce_when_all_can_be_supplied(closed):
    with pytest.raises(ValidationError, match="nothing to reduce"):
        product_mark_short(offer_item=offer_of(closed, closed.carrots), quantity_supplied="16.5")


def test_shortages_wait_for_the_deadline(ordered):
    with pytest.raises(ValidationError, match="still open"):
        product_mark_short(offer_item=offer_of(ordered, ordered.carrots), quantity_supplied="1")


def test_a_collected_order_is_not_reduced(closed):
    from shop.logistics.handover import order_mark_collected

    order_mark_collected(order=closed.orders["bistrot"], by=None, client_uuid=_uuid())
    with pytest.raises(ValidationError, match="already handed over"):
        product_mark_short(offer_item=offer_of(closed, closed.carrots), quantity_supplied="4")
    # 16,5 ordered, 12 supplied: the 4,5 missing come from Farid (3) then Emma (1,5).
    product_mark_short(offer_item=offer_of(closed, closed.carrots), quantity_supplied="12")
    assert line_of(closed, "bistrot", closed.carrots).quantity == 10
    assert line_of(closed, "chloe", closed.carrots).quantity == 2
    for who in ("farid", "emma"):
        assert not OrderLine.objects.filter(
            order=closed.orders[who], variant=closed.variant(closed.carrots)
        ).exists()


def _uuid():
    import uuid

    return uuid.uuid4()
