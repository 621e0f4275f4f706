"""Rounds: the farms to visit or the points to serve, in a short order, with distances."""

import itertools
import logging
import random
from decimal import Decimal

import pytest

from shop.logistics import tours
from shop.logistics.models import DeliveryLocation, LogisticsSettings
from shop.pickup.models import PickupPoint
from tests.shop.logistics.helpers import pdf_text

RENNES = (48.1173, -1.6778)
PARIS = (48.8566, 2.3522)


def test_haversine_distance_between_rennes_and_paris():
    assert tours.haversine_km(RENNES, PARIS) == pytest.approx(308, abs=2)


def random_points(n, seed):
    rng = random.Random(seed)
    return [(48.1 + rng.uniform(-0.3, 0.3), -1.6 + rng.uniform(-0.4, 0.4)) for _ in range(n)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_solver_finds_the_best_round_of_a_small_tour(seed):
    matrix = tours.distance_matrix(random_points(7, seed))
    order, method = tours.solve(matrix, seconds=1)
    best = min(tours.route_length(matrix, p) for p in itertools.permutations(range(1, 7)))
    assert sorted(order) == list(range(1, 7))
    assert method == "OR-Tools"
    assert tours.route_length(matrix, order) == pytest.approx(best, rel=1e-3)


def test_the_heuristic_never_does_worse_than_the_listed_order():
    matrix = tours.distance_matrix(random_points(25, 7))
    order = tours.two_opt(matrix, tours.nearest_neighbour(matrix))
    assert sorted(order) == list(range(1, 25))
    assert tours.route_length(matrix, order) <= tours.route_length(matrix, list(range(1, 25)))


def test_the_collection_tour_visits_each_farm_with_what_to_collect(closed):
    tour = tours.collection_tour(closed.cycle)
    assert tour.start.name == "Hangar de Servon"
    stops = {leg.stop.name: leg.stop for leg in tour.legs}
    assert set(stops) == {"Ferme des Prés", "Fromagerie de la Vallée"}
    assert "16,5 kg Carottes" in stops["Ferme des Prés"].what
    assert "5 pieces Tomme" in stops["Fromagerie de la Vallée"].what
    assert tour.total_km == pytest.approx(sum(leg.km for leg in tour.legs) + tour.back_km)
    assert tour.total_km > 10


def test_a_farm_without_coordinates_is_listed_apart(closed):
    type(closed.lucie_farm).objects.filter(pk=closed.lucie_farm.pk).update(
        latitude=None, longitude=None
    )
    tour = tours.collection_tour(closed.cycle)
    assert [leg.stop.name for leg in tour.legs] == ["Ferme des Prés"]
    assert [stop.name for stop in tour.unplaced] == ["Fromagerie de la Vallée"]


def test_no_round_without_the_collection_points_coordinates(closed):
    LogisticsSettings.objects.filter(pk=1).update(latitude=None, longitude=None)
    with pytest.raises(tours.NoCollectionPoint):
        tours.collection_tour(closed.cycle)


def test_the_delivery_round_serves_points_and_home_deliveries_of_the_day(closed):
    PickupPoint.objects.filter(pk=closed.epicerie.pk).update(
        latitude=Decimal("48.1190"), longitude=Decimal("-1.5060")
    )
    friday = closed.orders["emma"].distribution.date
    DeliveryLocation.objects.create(
        order=closed.orders["bistrot"], latitude=Decimal("48.13"), longitude=Decimal("-1.55")
    )
    tour = tours.delivery_round(closed.cycle, on=friday)
    (shop,) = [leg.stop for leg in tour.legs]
    assert shop.name == "Épicerie Le Bocal"
    assert "2 orders" in shop.what
    thursday = closed.orders["chloe"].distribution.date
    assert [s.name for s in tours.delivery_round(closed.cycle, on=thursday).unplaced] == [
        "Ferme des Prés"
    ]


def test_a_home_delivery_placed_on_the_map_joins_the_round(week, alice_client, caplog):
    from datetime import timedelta

    from django.urls import reverse

    from shop.cycles.models import Distribution
    from shop.demo.factories import make_point
    from shop.orders.services import Delivery, order_place

    friday = week.cycle.distributions.get(pickup_point=week.farm).date + timedelta(days=1)
    home = make_point("À domicile", kind="home_delivery", delivery_postcodes="35510")
    Distribution.objects.create(cycle=week.cycle, pickup_point=home, date=friday)
    order = order_place(
        customer=week.people["farid"],
        cycle=week.cycle,
        point=home,
        items={week.variant(week.carrots).pk: Decimal(2)},
        delivery=Delivery("4 rue des Lilas", "35510"),
    )
    week.close()
    (unplaced,) = tours.delivery_round(week.cycle, on=friday).unplaced
    assert unplaced.order_id == order.pk and unplaced.address == "4 rue des Lilas"

    url = reverse("backoffice:logistics:delivery_place", args=[week.cycle.pk, friday.isoformat()])
    page = reverse("backoffice:logistics:delivery", args=[week.cycle.pk, friday.isoformat()])
    assert b"Place on the map" in alice_client.get(page).content
    with caplog.at_level(logging.WARNING, logger="shop.printing"):
        sheet = alice_client.get(page + "?format=pdf")
    text = pdf_text(sheet.content)
    assert "4 rue des Lilas" in text  # listed apart, on the road sheet
    assert "Panier des Prés · " in text and week.cycle.name in text  # the running head
    assert "not well-formed" not in caplog.text  # read by the fast parser
    response = alice_client.post(url, {"order": order.pk, "latitude": "48,1", "longitude": "-1,6"})
    assert response.status_code == 302
    tour = tours.delivery_round(week.cycle, on=friday)
    assert [leg.stop.order_id for leg in tour.legs] == [order.pk]
    assert not tour.unplaced


def test_only_home_deliveries_are_placed_on_the_map(closed):
    from django.core.exceptions import ValidationError

    from shop.logistics.deliveries import delivery_location_set

    with pytest.raises(ValidationError):
        delivery_location_set(order=closed.orders["chloe"], latitude="48", longitude="-1")
