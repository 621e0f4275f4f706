"""Rows written in one collective are invisible from another."""

from django.core.cache import cache
from django_tenants.utils import tenant_context

from shop.catalogue.models import Producer


def test_a_row_in_one_collective_is_invisible_from_the_other(panier, bocage):
    with tenant_context(panier):
        Producer.objects.create(name="Bruno", farm_name="Ferme des Prés", slug="ferme-des-pres")
    with tenant_context(bocage):
        assert not Producer.objects.filter(slug="ferme-des-pres").exists()
    with tenant_context(panier):
        assert Producer.objects.filter(slug="ferme-des-pres").exists()


def test_users_of_one_collective_do_not_exist_in_another(panier, bocage, alice):
    from groupage.accounts.models import User

    with tenant_context(bocage):
        assert not User.objects.filter(email=alice.email).exists()


def test_same_email_may_have_an_account_in_two_collectives(panier, bocage):
    from tests.conftest import make_user

    make_user(panier, "same@example.fr")
    make_user(bocage, "same@example.fr")


def test_cache_entries_do_not_cross_collectives(panier, bocage):
    with tenant_context(panier):
        cache.set("shop-banner", "panier")
    with tenant_context(bocage):
        assert cache.get("shop-banner") is None
