"""A closed cycle of Panier des Prés, ready to invoice.

Bruno's Ferme des Prés (VAT-liable), Gaëlle's Miellerie (VAT exempt, art.
293 B), Chloé (household) and Le Bistrot (a professional: restaurant) who
both ordered from both producers; home delivery for Chloé.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from groupage.accounts.models import User
from shop.catalogue.models import Producer, Product, Variant
from shop.cycles.models import OrderCycle
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.invoicing.models import InvoicingSettings
from shop.members.models import ProfessionalAccount
from shop.orders.models import Order
from shop.orders.services import Delivery, order_place
from shop.pickup.models import PickupPoint
from tests.conftest import make_user

VAT_NUMBER = "FR40123456789"


@pytest.fixture(autouse=True)
def _english(settings):
    """Invoices are issued in the collective's language (French); the tests read the
    English source texts, whatever the French catalogue says today."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def identify(collective) -> None:
    """Give the collective the legal identity its own invoices need."""
    collective.legal_name = "Association Panier des Prés"
    collective.siret = "80295478500028"
    collective.vat_number = "FR12802954785"
    collective.address = "3 rue des Prés\n35410 Châteaugiron"
    collective.save()


@dataclass
class Market:
    collective: object
    cycle: OrderCycle
    farm: PickupPoint
    home: PickupPoint
    bruno: Producer
    gaelle: Producer
    carrots: Product
    cider: Product
    honey: Product
    chloe: User
    bistrot: User
    chloe_order: Order
    bistrot_order: Order

    def close(self) -> None:
        OrderCycle.objects.filter(pk=self.cycle.pk).update(closed_at=timezone.now())
        self.cycle.refresh_from_db()


def place(customer, cycle, point, items: dict, **kwargs) -> Order:
    return order_place(
        customer=customer,
        cycle=cycle,
        point=point,
        items={product.variants.first().pk: Decimal(q) for product, q in items.items()},
        **kwargs,
    )


@pytest.fixture
def market(in_panier, chloe) -> Market:
    identify(in_panier)
    InvoicingSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("8")})
    bruno = make_producer(
        farm_name="Ferme des Prés",
        name="Bruno Lemoine",
        siret="12345678900012",
        vat_number=VAT_NUMBER,
        address="La Basse Cour",
    )
    gaelle = make_producer(
        farm_name="Miellerie du Bocage",
        name="Gaëlle Roux",
        siret="98765432100019",
        vat_exempt=True,
        address="Le Rucher",
    )
    farm = make_point("Ferme du Bois", weekday=3)
    home = make_point(
        "Livraison à domicile",
        kind="home_delivery",
        delivery_postcodes="35410 35510",
        delivery_fee=Decimal("4.50"),
    )
    cycle = make_cycle([farm, home])
    carrots = make_product(bruno, "Carottes", "2.85", "5.50")
    cider = make_product(bruno, "Cidre brut", "4.15", "20.00", unit="bottle")
    honey = make_product(gaelle, "Miel de fleurs", "7.90", "0.00", unit="jar")
    # Professionals' own prices: the amounts below do not hang on how a price
    # without VAT is derived from the households' one.
    for product, pro_price in ((carrots, "2.70"), (cider, "3.46"), (honey, "7.90")):
        Variant.objects.filter(product=product).update(pro_price=Decimal(pro_price))
        offer(cycle, product)
    bistrot = make_user(in_panier, "bistrot@example.fr", "consumer", first_name="Léa")
    ProfessionalAccount.objects.create(
        user=bistrot,
        company_name="Le Bistrot SARL",
        siret="55210055400013",
        vat_number="FR55552100554",
        billing_address="12 place de l'Église\n35510 Cesson-Sévigné",
        status=ProfessionalAccount.Status.APPROVED,
    )
    chloe_order = place(
        chloe,
        cycle,
        home,
        {carrots: "3", cider: "2", honey: "1"},
        delivery=Delivery("5 allée des Lilas", "35510"),
    )
    bistrot_order = place(
        bistrot, cycle, farm, {carrots: "7", cider: "3", honey: "4"}, professional=True
    )
    return Market(
        in_panier,
        cycle,
        farm,
        home,
        bruno,
        gaelle,
        carrots,
        cider,
        honey,
        chloe,
        bistrot,
        chloe_order,
        bistrot_order,
    )


@pytest.fixture
def closed(market) -> Market:
    market.close()
    return market


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)
