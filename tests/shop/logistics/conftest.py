"""A week of Panier des Prés, ready for its documents.

Two producers: Bruno (Ferme des Prés: carrots, honey in two sizes, chicken
sold by weight) and Lucie (Fromagerie de la Vallée: tomme, ice cream).
Two pickup points on different days: the farm (Thursday) and Épicerie Le
Bocal (Friday), kept by Karim. Chloé, Emma and Farid order as households,
Le Bistrot as a professional. Pages are asked for in English.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from shop.catalogue.models import Producer, Product, Variant
from shop.cycles.models import Distribution, OrderCycle
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.logistics.close import cycle_close
from shop.logistics.models import LogisticsSettings
from shop.members.models import ProfessionalAccount
from shop.orders.models import Order
from shop.orders.services import order_place
from shop.pickup.models import PickupPoint
from tests.conftest import host_of, login, make_user

D = Decimal


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English, whatever the French catalogue says."""
    with translation.override("en"):
        yield


def client_for(collective) -> Client:
    return Client(HTTP_HOST=host_of(collective), HTTP_ACCEPT_LANGUAGE="en")


@dataclass
class Week:
    cycle: OrderCycle
    farm: PickupPoint
    epicerie: PickupPoint
    bruno_farm: Producer
    lucie_farm: Producer
    carrots: Product
    honey: Product
    chicken: Product
    tomme: Product
    ice_cream: Product
    people: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)

    def variant(self, product: Product, label: str = "") -> Variant:
        return product.variants.get(label=label)

    def place(self, who: str, point: PickupPoint, items: dict, professional=False) -> Order:
        order = order_place(
            customer=self.people[who],
            cycle=self.cycle,
            point=point,
            items={self.variant(p, label).pk: D(q) for (p, label), q in items.items()},
            professional=professional,
        )
        self.orders[who] = order
        return order

    def close(self) -> None:
        cycle_close(cycle=self.cycle, now=self.cycle.closes_at)
        self.cycle.refresh_from_db()


@pytest.fixture
def bruno(panier):
    return make_user(panier, "bruno@ferme-des-pres.fr", "producer", first_name="Bruno")


@pytest.fixture
def lucie(panier):
    return make_user(panier, "lucie@fromagerie.fr", "producer", first_name="Lucie")


@pytest.fixture
def karim(panier):
    return make_user(panier, "karim@epicerie-acigne.fr", "depot_keeper", first_name="Karim")


@pytest.fixture
def week(in_panier, bruno, lucie, karim, chloe) -> Week:
    LogisticsSettings.objects.update_or_create(
        pk=1,
        defaults={
            "collection_point_name": "Hangar de Servon",
            "latitude": D("48.1217"),
            "longitude": D("-1.4588"),
            "lines_per_bag": 2,
        },
    )
    bruno_farm = make_producer(
        user=bruno,
        farm_name="Ferme des Prés",
        email="bruno@ferme-des-pres.fr",
        latitude=D("48.1410"),
        longitude=D("-1.3920"),
    )
    lucie_farm = make_producer(
        user=lucie,
        farm_name="Fromagerie de la Vallée",
        latitude=D("48.0690"),
        longitude=D("-1.5140"),
    )
    farm = make_point("Ferme des Prés", weekday=3, position=0)
    epicerie = make_point("Épicerie Le Bocal", weekday=4, kind="shop", position=1)
    epicerie.keepers.add(karim)
    cycle = make_cycle([farm])
    thursday = Distribution.objects.get(cycle=cycle).date
    Distribution.objects.create(
        cycle=cycle, pickup_point=epicerie, date=thursday + timedelta(days=1)
    )
    carrots = make_product(bruno_farm, "Carottes", "2.80", "5.50")
    honey = make_product(
        bruno_farm,
        "Miel de fleurs",
        vat="5.50",
        unit="jar",
        storage="ambient",
        variants=[("250 g", "5.50"), ("500 g", "9.50")],
    )
    chicken = make_product(
        bruno_farm, "Poulet fermier", "12.00", "5.50", unit="kg", variable_weight=True
    )
    Variant.objects.filter(product=chicken).update(estimated_weight_kg=D("1.800"))
    tomme = make_product(lucie_farm, "Tomme", "4.00", "5.50", unit="piece")
    ice_cream = make_product(
        lucie_farm, "Glace vanille", "6.50", "5.50", unit="piece", storage="frozen"
    )
    for product in (carrots, honey, chicken, tomme, ice_cream):
        offer(cycle, product)
    people = {
        "chloe": chloe,
        "emma": make_user(in_panier, "emma@example.fr", first_name="Emma", last_name="Élan"),
        "farid": make_user(in_panier, "farid@example.fr", first_name="Farid", last_name="Amrani"),
        "bistrot": make_user(in_panier, "chef@bistrot.fr", first_name="Yann", last_name="Le Bihan"),
    }
    people["chloe"].last_name = "Dupré"
    people["chloe"].save(update_fields=["last_name"])
    ProfessionalAccount.objects.create(
        user=people["bistrot"],
        company_name="Le Bistrot",
        siret="92229928400013",
        billing_address="2 place de l'Église\n35510 Cesson",
        status=ProfessionalAccount.Status.APPROVED,
        decided_at=timezone.now(),
    )
    return Week(
        cycle,
        farm,
        epicerie,
        bruno_farm,
        lucie_farm,
        carrots,
        honey,
        chicken,
        tomme,
        ice_cream,
        people,
    )


@pytest.fixture
def ordered(week) -> Week:
    """The orders of the week, placed while the cycle is open."""
    week.place(
        "chloe",
        week.farm,
        {
            (week.carrots, ""): 2,
            (week.honey, "500 g"): 1,
            (week.chicken, ""): 1,
            (week.tomme, ""): 1,
        },
    )
    week.place(
        "emma",
        week.epicerie,
        {(week.carrots, ""): "1.5", (week.honey, "250 g"): 2, (week.ice_cream, ""): 2},
    )
    week.place("farid", week.farm, {(week.carrots, ""): 3, (week.chicken, ""): 2})
    week.place(
        "bistrot",
        week.epicerie,
        {(week.carrots, ""): 10, (week.tomme, ""): 4},
        professional=True,
    )
    return week


@pytest.fixture
def closed(ordered) -> Week:
    ordered.close()
    return ordered


@pytest.fixture
def alice_client(panier, alice) -> Client:
    return login(client_for(panier), alice, panier)


@pytest.fixture
def bruno_client(panier, bruno) -> Client:
    return login(client_for(panier), bruno, panier)


@pytest.fixture
def lucie_client(panier, lucie) -> Client:
    return login(client_for(panier), lucie, panier)


@pytest.fixture
def karim_client(panier, karim) -> Client:
    return login(client_for(panier), karim, panier)


@pytest.fixture
def chloe_client(panier, chloe) -> Client:
    return login(client_for(panier), chloe, panier)


@pytest.fixture
def anonymous_client(panier) -> Client:
    return client_for(panier)


@pytest.fixture
def denis_client(bocage, denis) -> Client:
    return login(client_for(bocage), denis, bocage)
