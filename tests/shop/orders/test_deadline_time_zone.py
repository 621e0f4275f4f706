"""The deadline is the collective's 20:00, not the server's."""

from datetime import UTC, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shop.cycles.models import CycleSchedule, OfferItem
from shop.cycles.services import schedule_extend
from shop.demo.factories import make_point, make_producer, make_product
from shop.orders.errors import OrderRefused
from shop.orders.services import order_place
from tests.conftest import make_user

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def summer_cycle(in_panier):
    point = make_point()
    schedule = CycleSchedule.objects.create(closes_weekday=1, closes_time=time(20, 0))
    now = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # Monday after the change to summer time
    cycle = schedule_extend(schedule=schedule, zone=PARIS, now=now)[0]
    product = make_product(make_producer(), "Fraises", "4.50")
    OfferItem.objects.create(cycle=cycle, variant=product.variants.get())
    return cycle, point, product.variants.get()


def test_order_at_7_59_pm_paris_summer_time_is_placed(panier, summer_cycle):
    cycle, point, variant = summer_cycle
    chloe = make_user(panier, "chloe@example.fr")
    with time_machine.travel(datetime(2027, 3, 30, 19, 59, tzinfo=PARIS), tick=False):
        assert order_place(customer=chloe, cycle=cycle, point=point, items={variant.pk: Decimal(1)})


def test_order_at_8_pm_paris_summer_time_is_refused(panier, summer_cycle):
    cycle, point, variant = summer_cycle
    chloe = make_user(panier, "chloe@example.fr")
    # 18:00 UTC: a server thinking in UTC, or in winter time, would still accept it.
    at_deadline = time_machine.travel(datetime(2027, 3, 30, 18, 0, tzinfo=UTC), tick=False)
    with at_deadline, pytest.raises(OrderRefused):
        order_place(customer=chloe, cycle=cycle, point=point, items={variant.pk: Decimal(1)})
