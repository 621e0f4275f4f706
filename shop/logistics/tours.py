"""Collection tours and delivery rounds: which stops, in which order, how far.

A round starts and ends at the collection point. Distances are great-circle
(haversine) distances between coordinates, times a road factor: good enough
to order the stops and to size the round, without calling a map service.

The order is found by OR-Tools' routing solver (cheapest arc, then guided
local search for a short time); without OR-Tools, by nearest neighbour
improved with 2-opt. Both are compared with visiting the stops as listed.
"""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy, ngettext

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.models import DeliveryLocation, LogisticsSettings
from shop.logistics.names import plain_number, storage_label, unit_label
from shop.logistics.reports.common import live_orders
from shop.logistics.reports.groupage import groupage_sheet
from shop.logistics.reports.pickup import pickup_rows, sheets_of
from shop.pickup.models import PickupPoint

EARTH_RADIUS_KM = 6371.0088
# Roads wind: a round on the map is about this much longer than as the crow flies.
ROAD_FACTOR = 1.3
SOLVER_SECONDS = 1


@dataclass
class Stop:
    name: str
    address: str
    latitude: float
    longitude: float
    # What to collect or drop there, as lines to print.
    what: list[str] = field(default_factory=list)
    key: str = ""
    # A home delivery: the order, so its place can be given on the map.
    order_id: int | None = None


@dataclass
class Leg:
    stop: Stop
    km: float  # from the previous stop
    cumulative_km: float


# How the visiting order was found, as the road sheet says it.
METHOD_LABELS = {
    "trivial": gettext_lazy("the only possible order"),
    "exhaustive": gettext_lazy("trying every order"),
    "nearest neighbour + 2-opt": gettext_lazy("nearest neighbour, then 2-opt"),
    "OR-Tools": "OR-Tools",
}


@dataclass
class Tour:
    start: Stop
    legs: list[Leg]
    back_km: float
    method: str
    input_order_km: float
    # Stops without coordinates cannot be placed: listed for the driver apart.
    unplaced: list[Stop] = field(default_factory=list)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def total_km(self) -> float:
        return (self.legs[-1].cumulative_km if self.legs else 0.0) + self.back_km

    @property
    def saved_km(self) -> float:
        return max(self.input_order_km - self.total_km, 0.0)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_matrix(points: Sequence[tuple[float, float]]) -> list[list[float]]:
    return [[haversine_km(a, b) * ROAD_FACTOR for b in points] for a in points]


def route_length(matrix: list[list[float]], order: Sequence[int]) -> float:
    """Length of the closed round 0 → order… → 0."""
    path = [0, *order, 0]
    return sum(matrix[a][b] for a, b in itertools.pairwise(path))


def solve(matrix: list[list[float]], *, seconds: int = SOLVER_SECONDS) -> tuple[list[int], str]:
    """The visiting order of nodes 1…n-1 (node 0 is the start), and the method used."""
    n = len(matrix)
    if n <= 2:
        return list(range(1, n)), "trivial"
    if n <= 4:  # three stops or fewer: try every order
        best = min(itertools.permutations(range(1, n)), key=lambda p: route_length(matrix, p))
        return list(best), "exhaustive"
    try:
        return _solve_ortools(matrix, seconds), "OR-Tools"
    except ImportError:  # pragma: no cover - OR-Tools is a dependency
        return two_opt(matrix, nearest_neighbour(matrix)), "nearest neighbour + 2-opt"


def _solve_ortools(matrix: list[list[float]], seconds: int) -> list[int]:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    metres = [[round(d * 1000) for d in row] for row in matrix]
    manager = pywrapcp.RoutingIndexManager(len(matrix), 1, 0)
    routing = pywrapcp.RoutingModel(manager)

    def cost(i: int, j: int) -> int:
        return metres[manager.IndexToNode(i)][manager.IndexToNode(j)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.seconds = seconds
    solution = routing.SolveWithParameters(parameters)
    if solution is None:  # pragma: no cover - a complete graph always has a round
        return two_opt(matrix, nearest_neighbour(matrix))
    order, index = [], routing.Start(0)
    while not routing.IsEnd(index):
        node = manager.IndexToNode(index)
        if node != 0:
            order.append(node)
        index = solution.Value(routing.NextVar(index))
    return order


def nearest_neighbour(matrix: list[list[float]]) -> list[int]:
    left, here, order = set(range(1, len(matrix))), 0, []
    while left:
        here = min(left, key=lambda j: (matrix[here][j], j))
        order.append(here)
        left.remove(here)
    return order


def two_opt(matrix: list[list[float]], order: list[int]) -> list[int]:
    """Reverse segments while that shortens the round."""
    best = list(order)
    improved = True
    while improved:
        improved = False
        path = [0, *best, 0]
        for i in range(1, len(path) - 2):
            for j in range(i + 1, len(path) - 1):
                a, b, c, d = path[i - 1], path[i], path[j], path[j + 1]
                if matrix[a][c] + matrix[b][d] < matrix[a][b] + matrix[c][d] - 1e-9:
                    path[i : j + 1] = reversed(path[i : j + 1])
                    improved = True
        best = path[1:-1]
    return best


def plan(start: Stop, stops: list[Stop], *, seconds: int = SOLVER_SECONDS) -> Tour:
    """The shortest round found from `start` through every stop with coordinates."""
    placed = [s for s in stops if s.latitude is not None and s.longitude is not None]
    unplaced = [s for s in stops if s not in placed]
    points = [(start.latitude, start.longitude)] + [(s.latitude, s.longitude) for s in placed]
    matrix = distance_matrix(points)
    order, method = solve(matrix, seconds=seconds)
    legs, previous, total = [], 0, 0.0
    for node in order:
        km = matrix[previous][node]
        total += km
        legs.append(Leg(placed[node - 1], km, total))
        previous = node
    return Tour(
        start=start,
        legs=legs,
        back_km=matrix[previous][0] if order else 0.0,
        method=method,
        input_order_km=route_length(matrix, list(range(1, len(points)))),
        unplaced=unplaced,
    )


# --- The collective's rounds ----------------------------------------------------------------


class NoCollectionPoint(Exception):
    """The collection point has no coordinates yet: no round can be planned."""


def collection_point() -> Stop:
    settings = LogisticsSettings.load()
    if not settings.has_coordinates:
        raise NoCollectionPoint
    return Stop(
        settings.collection_point_name,
        settings.collection_point_address,
        float(settings.latitude),
        float(settings.longitude),
        key="start",
    )


def collection_tour(cycle: OrderCycle, *, seconds: int = SOLVER_SECONDS) -> Tour:
    """The farms to visit, with what to collect at each."""
    stops = []
    for p in groupage_sheet(cycle):
        stops.append(
            Stop(
                p.producer.farm_name,
                _address(p.producer),
                _float(p.producer.latitude),
                _float(p.producer.longitude),
                [
                    f"{plain_number(r.expected)} {unit_label(r.unit, r.expected)} {r.product} {r.label}".strip()
                    for r in p.rows
                ],
                key=f"producer-{p.producer.pk}",
            )
        )
    return plan(collection_point(), stops, seconds=seconds)


def delivery_round(cycle: OrderCycle, *, on: date, seconds: int = SOLVER_SECONDS) -> Tour:
    """Pickup points served on `on`, and home deliveries placed on the map."""
    orders = live_orders(cycle).filter(distribution__date=on)
    rows = pickup_rows(orders)
    stops = []
    homes = {
        loc.order_id: loc
        for loc in DeliveryLocation.objects.filter(order_id__in=[r.order_id for r in rows])
    }
    for sheet in sheets_of(rows):
        point = sheet.point
        if point.is_home_delivery:
            for row in sheet.rows:
                loc = homes.get(row.order_id)
                stops.append(
                    Stop(
                        f"{row.customer} ({row.number})",
                        row.delivery_address,
                        _float(loc.latitude) if loc else None,
                        _float(loc.longitude) if loc else None,
                        [_bags(row.bags)],
                        key=f"order-{row.order_id}",
                        order_id=row.order_id,
                    )
                )
            continue
        bags: dict[str, int] = sheet.bag_totals
        stops.append(
            Stop(
                point.name,
                _address(point),
                _float(point.latitude),
                _float(point.longitude),
                [
                    ngettext("%(n)d order", "%(n)d orders", len(sheet.rows))
                    % {"n": len(sheet.rows)},
                    _bags(bags),
                ],
                key=f"point-{point.pk}",
            )
        )
    return plan(collection_point(), stops, seconds=seconds)


def _bags(bags: dict[str, int]) -> str:
    return ", ".join(f"{storage_label(s)} {n}" for s, n in bags.items() if n)


def _address(place: Producer | PickupPoint) -> str:
    return ", ".join(x for x in (place.address, f"{place.postcode} {place.city}".strip()) if x)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
