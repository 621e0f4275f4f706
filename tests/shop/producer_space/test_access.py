"""Who reaches which producer's space: Bruno his own, admins any, nobody else."""

from django_tenants.utils import tenant_context

from shop.catalogue.models import Product
from shop.demo.factories import make_product
from tests.conftest import login
from tests.shop.producer_space.conftest import english_client


def test_anonymous_visitor_is_sent_to_sign_in(panier_client, in_panier):
    page = panier_client.get("/producteur/produits/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/?next=/producteur/produits/")


def test_consumer_is_refused(panier, chloe):
    page = english_client(panier, chloe).get("/producteur/produits/")
    assert page.status_code == 403


def test_bruno_sees_his_products_and_not_gaelles(bruno_client, farm, gaelle_product):
    make_product(farm, "Poireaux")
    page = bruno_client.get("/producteur/produits/").content.decode()
    assert "Poireaux" in page
    assert "Miel de châtaignier" not in page


def test_bruno_cannot_open_another_producers_product(bruno_client, gaelle_product):
    assert bruno_client.get(f"/producteur/produits/{gaelle_product.pk}/").status_code == 404


def test_an_absent_product_looks_the_same_as_someone_elses(bruno_client, gaelle_product):
    missing = bruno_client.get("/producteur/produits/999999/")
    not_mine = bruno_client.get(f"/producteur/produits/{gaelle_product.pk}/")
    assert missing.status_code == not_mine.status_code == 404
    assert missing.content == not_mine.content


def test_bruno_cannot_edit_another_producers_product(bruno_client, gaelle_product, vegetables):
    variant = gaelle_product.variants.get()
    page = bruno_client.post(
        f"/producteur/produits/{gaelle_product.pk}/",
        {
            "name": "Volé",
            "category": vegetables.pk,
            "unit": "jar",
            "vat_rate": "5.50",
            "storage": "ambient",
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "1",
            "variants-0-id": variant.pk,
            "variants-0-price": "0,01",
            "variants-0-active": "on",
        },
    )
    assert page.status_code == 404
    gaelle_product.refresh_from_db()
    assert gaelle_product.name == "Miel de châtaignier"


def test_bruno_cannot_withdraw_another_producers_product(bruno_client, gaelle_product):
    page = bruno_client.post(f"/producteur/produits/{gaelle_product.pk}/en-vente/", {"active": "0"})
    assert page.status_code == 404
    assert Product.objects.get(pk=gaelle_product.pk).active


def test_bruno_cannot_open_another_producers_space_by_parameter(bruno_client, gaelle_product):
    other = gaelle_product.producer_id
    assert bruno_client.get(f"/producteur/produits/?producer={other}").status_code == 404
    assert bruno_client.get(f"/producteur/catalogue.csv?producer={other}").status_code == 404


def test_admin_picks_a_producer_then_works_in_their_space(alice_client, farm, gaelle_product):
    make_product(farm, "Poireaux")
    picker = alice_client.get("/producteur/").content.decode()
    assert "Ferme des Prés" in picker and "Rucher du Bocage" in picker

    page = alice_client.get(f"/producteur/produits/?producer={farm.pk}").content.decode()
    assert "Poireaux" in page
    assert "Miel de châtaignier" not in page
    assert f"?producer={farm.pk}" in page  # links keep the producer


def test_admin_edits_any_product_of_the_collective(alice_client, gaelle_product):
    assert alice_client.get(f"/producteur/produits/{gaelle_product.pk}/").status_code == 200


def test_admin_of_another_collective_cannot_reach_panier(panier, bocage, denis, gaelle_product):
    client = english_client(panier)
    login(client, denis, bocage)  # his session lives in Bocage Paysan's schema
    page = client.get(f"/producteur/produits/{gaelle_product.pk}/")
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
    with tenant_context(panier):
        assert "Miel" not in client.get("/producteur/").content.decode()
