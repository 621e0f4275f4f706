"""A small shop in Panier des Prés: Bruno's farm, two pickup points, one open cycle."""

from dataclasses import dataclass

import pytest

from shop.catalogue.models import Product
from shop.cycles.models import OrderCycle
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.pickup.models import PickupPoint


@dataclass
class Shop:
    cycle: OrderCycle
    farm: PickupPoint
    epicerie: PickupPoint
    carrots: Product
    honey: Product
    cider: Product

    def variant(self, product: Product, label: str = ""):
        return product.variants.get(label=label)


@pytest.fixture
def shop(in_panier) -> Shop:
    bruno = make_producer(farm_name="Ferme des Prés")
    farm = make_point("Ferme des Prés", weekday=3)
    epicerie = make_point("Épicerie Le Bocal", weekday=4, kind="shop")
    cycle = make_cycle([farm, epicerie])
    carrots = make_product(bruno, "Carottes", "2.80", "5.50")
    honey = make_product(
        bruno,
        "Miel de fleurs",
        vat="5.50",
        unit="jar",
        variants=[("250 g", "5.50"), ("500 g", "9.50")],
    )
    cider = make_product(bruno, "Cidre brut", "4.20", "20.00", unit="bottle", storage="ambient")
    offer(cycle, carrots, quantity=10)
    offer(cycle, honey)
    offer(cycle, cider, quantity=5, points=[farm])
    return Shop(cycle, farm, epicerie, carrots, honey, cider)
