"""Demo collectives for `make run`: Panier des Prés and Bocage Paysan.

Idempotent: a collective that already exists is left as it is.
"""

from dataclasses import dataclass
from datetime import time

from django.db import transaction
from django.utils.text import slugify
from django_tenants.utils import schema_context, tenant_context

from groupage.accounts.models import Role, User
from shop.catalogue.models import Category, Producer, Product, Variant
from shop.cycles.models import CycleSchedule, OfferItem
from shop.cycles.services import schedule_extend
from shop.demo import catalogue_data as data
from shop.members.models import ShopSettings
from shop.pickup.models import PickupPoint
from tenants.models import Collective
from tenants.services import CollectiveDetails, collective_provision

DEMO_PASSWORD = "groupage-demo"  # noqa: S105 - printed on purpose for the demo
STAFF_EMAIL = "staff@groupage.localhost"


@dataclass(frozen=True)
class DemoCollective:
    details: CollectiveDetails
    producers: list
    points: list
    people: dict[str, str]  # role -> e-mail
    tagline: str


DEMOS = [
    DemoCollective(
        CollectiveDetails(
            name="Panier des Prés",
            slug="panier-des-pres",
            territory="Est de Rennes (Ille-et-Vilaine)",
            contact_email="contact@panier-des-pres.fr",
        ),
        data.PANIER_DES_PRES_PRODUCERS,
        data.PANIER_PICKUP_POINTS,
        {
            Role.ADMIN: "admin@panier-des-pres.fr",
            Role.PRODUCER: "producteur@panier-des-pres.fr",
            Role.CONSUMER: "client@panier-des-pres.fr",
            Role.DEPOT_KEEPER: "depot@panier-des-pres.fr",
        },
        "22 fermes de l'est de Rennes, une commande par semaine.",
    ),
    DemoCollective(
        CollectiveDetails(
            name="Bocage Paysan",
            slug="bocage-paysan",
            territory="Nord Mayenne",
            contact_email="contact@bocage-paysan.fr",
        ),
        data.BOCAGE_PRODUCERS,
        data.BOCAGE_PICKUP_POINTS,
        {
            Role.ADMIN: "admin@bocage-paysan.fr",
            Role.PRODUCER: "producteur@bocage-paysan.fr",
            Role.CONSUMER: "client@bocage-paysan.fr",
            Role.DEPOT_KEEPER: "depot@bocage-paysan.fr",
        },
        "Les fermes du bocage mayennais, près de chez vous.",
    ),
]


def seed_demo() -> list[tuple[Collective, DemoCollective]]:
    seed_staff()
    seeded = []
    for demo in DEMOS:
        collective = Collective.objects.filter(slug=demo.details.slug).first()
        if collective is None:
            collective = collective_provision(details=demo.details)
            with tenant_context(collective):
                seed_collective(demo, collective)
        seeded.append((collective, demo))
    return seeded


def seed_staff() -> None:
    with schema_context("public"):
        if not User.objects.filter(email=STAFF_EMAIL).exists():
            User.objects.create_superuser(
                email=STAFF_EMAIL, password=DEMO_PASSWORD, first_name="Sam", last_name="Staff"
            )


@transaction.atomic
def seed_collective(demo: DemoCollective, collective: Collective) -> None:
    ShopSettings.objects.update_or_create(
        pk=1, defaults={"tagline": demo.tagline, "minimum_order_amount": 10}
    )
    people = {role: _person(email, role) for role, email in demo.people.items()}
    categories = {
        slug: Category.objects.create(slug=slug, name=name, position=i)
        for i, (slug, name) in enumerate(data.CATEGORIES)
    }
    points = [_pickup_point(spec, i) for i, spec in enumerate(demo.points)]
    points[0].keepers.add(people[Role.DEPOT_KEEPER])
    quantities = {}
    for i, spec in enumerate(demo.producers):
        user = people[Role.PRODUCER] if i == 0 else None
        quantities.update(_producer(spec, categories, user))
    schedule = CycleSchedule.objects.create(
        name="Hebdomadaire", closes_weekday=1, closes_time=time(20, 0), lead_days=2
    )
    for cycle in schedule_extend(schedule=schedule, zone=collective.zone, points=points):
        OfferItem.objects.bulk_create(
            OfferItem(cycle=cycle, variant=variant, quantity_available=qty)
            for variant, qty in quantities.items()
        )


def _person(email: str, role: str) -> User:
    from allauth.account.models import EmailAddress

    first_name = {
        Role.ADMIN: "Alice",
        Role.PRODUCER: "Bruno",
        Role.CONSUMER: "Chloé",
        Role.DEPOT_KEEPER: "Karim",
    }[role]
    user = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, role=role, first_name=first_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _pickup_point(spec: dict, position: int) -> PickupPoint:
    opens_h, opens_m = map(int, spec["opens"].split(":"))
    closes_h, closes_m = map(int, spec["closes"].split(":"))
    return PickupPoint.objects.create(
        name=spec["name"],
        kind=spec["kind"],
        address=spec["address"],
        postcode=spec["postcode"],
        city=spec["city"],
        latitude=spec["latitude"],
        longitude=spec["longitude"],
        weekday=spec["weekday"],
        opens_at=time(opens_h, opens_m),
        closes_at=time(closes_h, closes_m),
        capacity=spec.get("capacity"),
        cold_storage=spec.get("cold_storage", False),
        instructions=spec.get("instructions", ""),
        position=position,
    )


def _producer(spec: dict, categories: dict, user: User | None) -> dict:
    producer = Producer.objects.create(
        user=user,
        kind=spec["kind"],
        name=spec["name"],
        farm_name=spec["farm_name"],
        slug=slugify(spec["farm_name"])[:150],
        description=spec["description"],
        organic=spec["organic"],
        city=spec["city"],
        postcode=spec["postcode"],
        latitude=spec["latitude"],
        longitude=spec["longitude"],
        siret=spec["siret"],
        vat_exempt=spec["vat_exempt"],
        email=spec["email"],
        phone=spec["phone"],
    )
    quantities = {}
    for item in spec["products"]:
        product = Product.objects.create(
            producer=producer,
            category=categories[item["category"]],
            name=item["name"],
            description=item.get("description", ""),
            unit=item["unit"],
            vat_rate="0.00" if spec["vat_exempt"] else item["vat"],
            storage=item["storage"],
            variable_weight=item.get("variable_weight", False),
        )
        for position, (label, price) in enumerate(item["variants"]):
            variant = Variant.objects.create(
                product=product,
                label=label,
                price=price,
                estimated_weight_kg=item.get("estimated_weight_kg"),
                position=position,
            )
            quantities[variant] = item.get("quantity")
    return quantities
