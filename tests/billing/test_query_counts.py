"""Billing's reads do not grow with the number of rows they show."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.payments.selectors import dues_for_distribution
from billing.provider.selectors import revenue
from tenants.models import Collective
from tests.billing.conftest import place, subscribe
from tests.conftest import make_user


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_revenue_takes_the_same_queries_for_two_or_five_collectives(panier, bocage):
    subscribe(panier)
    subscribe(bocage)
    few = queries(revenue)
    for n in range(3):
        extra = Collective.objects.create(
            name=f"Autre {n}", slug=f"autre-{n}", schema_name=f"autre_{n}", status="active"
        )
        subscribe(extra)
    assert queries(revenue) == few <= 4  # search_path, subscriptions, usage


def test_the_pickup_money_list_takes_two_queries_whatever_the_orders(shop, panier, chloe):
    place(shop, chloe)
    distribution = shop.cycle.distributions.get(pickup_point=shop.farm)
    one = queries(lambda: dues_for_distribution(distribution))
    for n in range(4):
        place(shop, make_user(panier, f"client{n}@example.fr"), carrots=1)
    assert queries(lambda: dues_for_distribution(distribution)) == one <= 4
    assert sum(r.total_due for r in dues_for_distribution(distribution)) == Decimal("19.60")
