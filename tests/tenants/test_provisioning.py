"""Creating a collective: fast, validated, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from tenants.models import Collective, Domain
from tenants.services import CollectiveDetails, collective_provision


def provision(slug: str, **extra) -> Collective:
    return collective_provision(details=CollectiveDetails(name="Les Jardins", slug=slug, **extra))


def test_valid_collective_gets_schema_domain_and_answers(db):
    collective = provision("jardins-de-vilaine")
    assert collective.status == Collective.Status.ACTIVE
    assert schema_exists("jardins_de_vilaine")
    assert Domain.objects.get(tenant=collective).domain == "jardins-de-vilaine.localhost"
    page = Client(HTTP_HOST="jardins-de-vilaine.localhost").get("/")
    assert page.status_code == 200 and "Les Jardins" in page.content.decode()


def test_new_schema_has_every_table_and_its_migration_records(db):
    collective = provision("ferme-test")
    with tenant_context(collective):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'orders'")
            assert cursor.fetchone()[0] >= 1
        from shop.catalogue.models import Producer

        assert Producer.objects.count() == 0
        Producer.objects.create(name="A", farm_name="B", slug="b")  # sequences work


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("ab", "length"),
        ("a" * 41, "length"),
        ("Panier", "characters"),
        ("panier_des_pres", "characters"),
        ("1panier", "characters"),
        ("panier-", "characters"),
        ("pa--nier", "double_hyphen"),
        ("www", "reserved"),
        ("api", "reserved"),
        ("admin", "reserved"),
        ("static", "reserved"),
        ("mail", "reserved"),
        ("pg-stuff", "reserved"),
    ],
)
def test_invalid_slug_is_refused_with_a_clear_message(db, slug, code):
    with pytest.raises(ValidationError) as refused:
        collective_provision(details=CollectiveDetails(name="X", slug=slug))
    assert refused.value.error_list[0].code == code
    assert str(refused.value.messages[0])
    assert not Collective.objects.filter(slug=slug).exists()


def test_duplicate_slug_is_refused(panier):
    with pytest.raises(ValidationError) as refused:
        provision("panier-des-pres")
    assert "taken" in str(refused.value) or "déjà" in str(refused.value)


def test_unknown_time_zone_is_refused(db):
    with pytest.raises(ValidationError):
        provision("zone-inconnue", time_zone="Europe/Atlantis")


def test_failure_leaves_no_half_made_collective(db, monkeypatch):
    def broken_domain(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Domain.objects, "create", broken_domain)
    with pytest.raises(RuntimeError):
        provision("moitie-faite")
    assert not Collective.objects.filter(slug="moitie-faite").exists()
    assert not schema_exists("moitie_faite")
    assert not Domain.objects.filter(domain__startswith="moitie-faite").exists()


def test_collective_records_the_migrations_it_was_cloned_at(db):
    from tenants.schema_template import migrations_fingerprint

    assert provision("empreinte").migration_fingerprint == migrations_fingerprint()


def test_spare_schema_is_claimed_when_ready(db):
    from tenants.models import SpareSchema
    from tenants.reserve import refill_reserve

    assert refill_reserve(target=1) == 1
    spare = SpareSchema.objects.get()
    collective = provision("reserve-prete")
    assert not SpareSchema.objects.exists()
    assert not schema_exists(spare.name) and schema_exists(collective.schema_name)
    page = Client(HTTP_HOST="reserve-prete.localhost").get("/")
    assert page.status_code == 200


def test_spare_schema_of_an_older_template_is_never_claimed(db):
    from tenants.models import SpareSchema
    from tenants.reserve import refill_reserve

    refill_reserve(target=1)
    SpareSchema.objects.update(fingerprint="older")
    provision("gabarit-neuf")
    assert SpareSchema.objects.filter(fingerprint="older").exists()
    refill_reserve(target=0)
    assert not SpareSchema.objects.exists()
