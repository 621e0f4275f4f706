"""The isolation matrix: every URL of a collective's site, tried by everyone who
must not get its data.

Every pattern of the collective URLconf is enumerated (new pages join the
matrix by themselves) and filled with ids of objects the actor must not
reach. Expected: login required (302), 403, 404 or 405 — and never the data,
recognised by secret markers in the objects' names.
"""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone
from django_tenants.utils import tenant_context

from shop.cycles.models import CycleSchedule
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.members.models import ProfessionalAccount
from shop.orders.services import order_place
from tests.conftest import login, make_user

# In the private data of Panier's objects the actors must not reach (a consumer's
# name, an order's note, a company). Catalogue and pickup point names are public.
SECRET = "SECRETPANIER"
REFUSED = {302, 403, 404, 405}
PUBLIC_PAGES = {"", "choisir/", "grille/", "producteurs/", "panier/", "fonctionnement/", "healthz"}
SIGNED_IN_PAGES = ("commande/", "mes-commandes/", "profil/")


def collective_urls() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    routes = walk(get_resolver("groupage.urls_collective").url_patterns)
    # allauth's own pages and language switching are covered by their projects' tests.
    return sorted(r for r in routes if not r.startswith(("accounts/", "i18n/")))


def fill(route: str, ids: dict[str, str]) -> str:
    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in ids:
            return ids[name]
        return "1" if converter == "int" else "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).replace("^", "").replace("$", "")


@pytest.fixture
def world(panier, bocage):
    """Panier's secret objects, and the actors who must not reach them."""
    bruno = make_user(panier, "bruno@panier.fr", "producer")
    karim = make_user(panier, "karim@panier.fr", "depot_keeper")
    chloe = make_user(panier, "chloe@panier.fr", "consumer")
    owner = make_user(panier, "owner@panier.fr", "consumer", first_name=f"{SECRET}CLIENT")
    denis = make_user(bocage, "denis@bocage.fr", "admin")
    elise = make_user(bocage, "elise@bocage.fr", "consumer")
    with tenant_context(panier):
        make_producer(user=bruno, farm_name="Ferme de Bruno")
        other_farm = make_producer(farm_name="Ferme voisine", siret="98765432100015")
        product = make_product(other_farm, "Fromage", "6.50")
        kept = make_point("Point de Karim")
        kept.keepers.add(karim)
        secret_point = make_point("Autre point")
        cycle = make_cycle([kept, secret_point])
        offer(cycle, product)
        order = order_place(
            customer=owner,
            cycle=cycle,
            point=secret_point,
            items={product.variants.get().pk: Decimal(1)},
            note=f"{SECRET} note",
        )
        schedule = CycleSchedule.objects.create(closes_weekday=1, closes_time=timezone.now().time())
        account = ProfessionalAccount.objects.create(
            user=owner, company_name=f"{SECRET} SARL", siret="12345678900011", billing_address="x"
        )
    ids = {
        "producer_id": str(other_farm.pk),
        "product_id": str(product.pk),
        "point_id": str(secret_point.pk),
        "order_id": str(order.pk),
        "number": order.number,
        "cycle_id": str(cycle.pk),
        "schedule_id": str(schedule.pk),
        "user_id": str(owner.pk),
        "account_id": str(account.pk),
        "photo_id": "1",
        "slug": other_farm.slug,
        "schema": "panier_des_pres",
        "path": "x.jpg",
    }
    actors = {
        "anonymous": Client(HTTP_HOST="panier-des-pres.localhost"),
        "consumer": login(Client(HTTP_HOST="panier-des-pres.localhost"), chloe, panier),
        "producer": login(Client(HTTP_HOST="panier-des-pres.localhost"), bruno, panier),
        "depot keeper": login(Client(HTTP_HOST="panier-des-pres.localhost"), karim, panier),
    }
    # Denis is signed in on Bocage; his cookie comes along to Panier's host.
    bocage_admin = login(Client(HTTP_HOST="bocage-paysan.localhost"), denis, bocage)
    transplanted = Client(HTTP_HOST="panier-des-pres.localhost")
    transplanted.cookies = bocage_admin.cookies
    actors["admin of another collective"] = transplanted
    return (
        ids,
        actors,
        {
            "bocage admin": bocage_admin,
            "bocage consumer": login(Client(HTTP_HOST="bocage-paysan.localhost"), elise, bocage),
        },
    )


def expected_to_open(actor: str, route: str) -> bool:
    """Pages this actor may open on Panier's host (they still must not show the secrets)."""
    if route in PUBLIC_PAGES or route.startswith(("produits/", "producteurs/", "media/")):
        return True
    if route.endswith((".js", ".webmanifest")):
        return True  # an installable app's manifest and service worker: code, no data
    if actor in ("consumer", "producer", "depot keeper"):
        # Their own orders, profile and invoices: filtered to them.
        if route in (
            "commande/",
            "mes-commandes/",
            "profil/",
            "profil/professionnel/",
            "factures/",
        ):
            return True
        if (
            actor in ("producer", "depot keeper")
            and route.startswith("travail/")
            and "<" not in route
        ):
            return True  # the hours they give
        if actor == "producer" and route.startswith("producteur/"):
            # Their own space: per cycle, their own offer, lists and figures.
            return "<" not in route or set(re.findall(r"<(?:\w+:)?(\w+)>", route)) == {"cycle_id"}
        if actor == "depot keeper" and route.startswith("depot/") and "<" not in route:
            return True
    return False


def test_no_actor_reaches_what_is_not_theirs(world):
    ids, actors, _ = world
    leaks = []
    for route in collective_urls():
        url = fill(route, ids)
        for actor, client in actors.items():
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if SECRET.encode() in body:
                leaks.append(f"{actor} saw the secret at {url} ({response.status_code})")
            elif not expected_to_open(actor, route) and response.status_code not in REFUSED:
                leaks.append(f"{actor} got {response.status_code} at {url}")
            if response.status_code >= 500:
                leaks.append(f"{actor} broke {url}: {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_other_collective_with_this_collective_s_ids_sees_nothing_of_it(world):
    ids, _, bocage_actors = world
    leaks = []
    for route in collective_urls():
        url = fill(route, ids)
        for actor, client in bocage_actors.items():
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if SECRET.encode() in body:
                leaks.append(f"{actor} saw Panier's data at {url}")
            if response.status_code >= 500:
                leaks.append(f"{actor} broke {url}: {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_posts_by_outsiders_change_nothing(world, panier):
    from shop.orders.models import Order

    ids, actors, _ = world
    for route in collective_urls():
        if route.startswith(("gestion/", "mes-commandes/<")):
            url = fill(route, ids)
            for actor in ("anonymous", "consumer", "admin of another collective"):
                response = actors[actor].post(url, {"qty-1": "99", "status": "cancelled"})
                assert response.status_code in REFUSED | {403}, (actor, url, response.status_code)
    with tenant_context(panier):
        order = Order.objects.get(number=ids["number"])
        assert order.status == Order.Status.PLACED and order.lines.count() == 1


def test_the_matrix_covers_the_whole_site():
    routes = collective_urls()
    assert any(r.startswith("gestion/") for r in routes)
    assert any(r.startswith("producteur/") for r in routes)
    assert any(r.startswith("mes-commandes/") for r in routes)
    assert len(routes) > 40


def test_the_secrets_are_really_there_for_those_allowed(world, panier, alice):
    """Without this, a matrix that finds no secret could be finding nothing at all."""
    ids, _, _ = world
    admin = login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)
    assert SECRET in admin.get(f"/gestion/commandes/{ids['order_id']}/").content.decode()
    assert SECRET in admin.get(f"/gestion/membres/{ids['user_id']}/").content.decode()
