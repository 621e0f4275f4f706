"""The pages a producer uses every week cost the same number of queries
with 5 products or 50 (Open Food Network's shop made ~11 per product)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalogue.models import ProductPhoto
from shop.demo.factories import make_cycle, make_point, make_product, offer


def add_products(farm, cycle, points, start: int, count: int) -> None:
    for n in range(start, start + count):
        product = make_product(
            farm, f"Produit {n:03d}", variants=[("petit", "2"), ("grand", "3.5")]
        )
        ProductPhoto.objects.create(
            product=product, image=f"products/{n}.jpg", thumbnail=f"products/thumbs/{n}.webp"
        )
        if n % 2:
            offer(cycle, product, quantity=10, points=points[:1])


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured)


def test_product_list_and_offer_page_do_not_grow_with_the_catalogue(bruno_client, farm):
    points = [make_point("Ferme des Prés"), make_point("Épicerie Le Bocal", kind="shop")]
    cycle = make_cycle(points)
    add_products(farm, cycle, points, 0, 5)
    urls = ("/producteur/produits/", f"/producteur/offre/{cycle.pk}/")
    bruno_client.get("/producteur/")  # first visit: the shop's settings row is created
    few = {url: queries_for(bruno_client, url) for url in urls}

    add_products(farm, cycle, points, 5, 45)
    many = {url: queries_for(bruno_client, url) for url in urls}
    assert many == few
    # django-tenants sets the search path before each query: ~12 real queries each.
    assert all(count <= 26 for count in many.values()), many


def test_offer_page_shows_all_fifty_products(bruno_client, farm):
    points = [make_point("Ferme des Prés")]
    cycle = make_cycle(points)
    add_products(farm, cycle, points, 0, 50)
    page = bruno_client.get(f"/producteur/offre/{cycle.pk}/").content.decode()
    assert page.count('name="q-') == 100


def test_saving_the_offer_does_not_grow_with_the_catalogue(bruno_client, farm):
    from shop.catalogue.models import Variant

    points = [make_point("Ferme des Prés"), make_point("Épicerie Le Bocal", kind="shop")]
    cycle = make_cycle(points)
    url = f"/producteur/offre/{cycle.pk}/"

    def save_all() -> int:
        variants = list(Variant.objects.filter(product__producer=farm))
        data = {"action": "save", "shown": " ".join(str(v.pk) for v in variants)}
        for n, v in enumerate(variants):
            data |= {f"o-{v.pk}": "on", f"q-{v.pk}": str(n + 5), f"p-{v.pk}": [points[n % 2].pk]}
        with CaptureQueriesContext(connection) as captured:
            assert bruno_client.post(url, data).status_code == 302
        return len(captured)

    add_products(farm, cycle, points, 0, 5)
    bruno_client.get("/producteur/")
    few = save_all()
    add_products(farm, cycle, points, 5, 45)
    assert save_all() == few
