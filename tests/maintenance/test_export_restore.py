"""Export everything of a collective, restore it as a new one: the same data."""

import csv
import io
import json
import tarfile
from datetime import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from maintenance.exports import collective_export, collective_restore, dump_segments, tenant_tables
from maintenance.models import AuditEntry, CollectiveExport
from maintenance.operations import media_folder
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from tenants.models import Collective, Domain
from tests.maintenance.conftest import drop_collective


def rows_of(schema: str, table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1')  # noqa: S608
        return cursor.fetchall()


def fill(collective):
    """A small but real shop: producers, products, a cycle with its offer, an order."""
    from decimal import Decimal

    from groupage.accounts.models import User
    from shop.cycles.models import CycleSchedule
    from shop.members.models import ShopSettings
    from shop.orders.services import order_place

    with tenant_context(collective):
        point = make_point()
        cycle = make_cycle([point])
        producer = make_producer(farm_name="Ferme de la Prévalaye", description="panier_x. «été»")
        product = make_product(producer, "Carottes nouvelles", "2.80")
        (item,) = offer(cycle, product, quantity=10)
        CycleSchedule.objects.create(closes_weekday=3, closes_time=time(20, 0))
        ShopSettings.objects.update_or_create(pk=1, defaults={"rules": "Commandes le jeudi."})
        buyer = User.objects.create_user(email="chloe@example.fr", password="x-pass-long-1")
        order_place(customer=buyer, cycle=cycle, point=point, items={item.variant_id: Decimal(2)})
    connection.set_schema_to_public()
    folder = media_folder(collective.schema_name) / "producers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prevalaye.jpg").write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")


@pytest.fixture
def restored():
    made = []
    yield made
    for collective in made:
        drop_collective(collective)


def test_export_then_restore_gives_the_same_data(committed_collectives, restored):
    (source,) = committed_collectives(1)
    fill(source)
    export = collective_export(collective=source, by="sam@groupage.localhost")
    assert Path(export.path).is_file() and export.size_bytes > 0

    copy = collective_restore(archive_path=export.path, slug=f"{source.slug}-copie", by="sam")
    restored.append(copy)
    assert copy.status == Collective.Status.SUSPENDED
    assert copy.name == source.name and copy.schema_name == f"{source.schema_name}_copie"
    assert Domain.objects.get(tenant=copy).domain == f"{source.slug}-copie.localhost"
    for table in tenant_tables():
        assert rows_of(copy.schema_name, table) == rows_of(source.schema_name, table), table
    # Text that names the old schema is data, and stays as it was.
    with tenant_context(copy):
        from shop.catalogue.models import Producer

        assert Producer.objects.get().description == "panier_x. «été»"
        Producer.objects.create(name="New", farm_name="New", slug="new")  # sequences follow
    copied = media_folder(copy.schema_name) / "producers" / "prevalaye.jpg"
    assert (
        copied.read_bytes()
        == (media_folder(source.schema_name) / "producers" / "prevalaye.jpg").read_bytes()
    )
    assert {e.action for e in AuditEntry.objects.filter(action__in=["export", "restore"])} == {
        "export",
        "restore",
    }
    # The restored shop answers on its own address once reactivated.
    Collective.objects.filter(pk=copy.pk).update(status="active")
    assert Client(HTTP_HOST=f"{copy.slug}.localhost").get("/").status_code == 200


def test_the_export_is_readable_without_postgresql(committed_collectives):
    (source,) = committed_collectives(1)
    fill(source)
    export = collective_export(collective=source, by="sam")
    with tarfile.open(export.path) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        producers = list(
            csv.DictReader(io.TextIOWrapper(archive.extractfile("data/catalogue_producer.csv")))
        )
        users = archive.extractfile("data/accounts_user.csv").read().decode()
    assert {"schema.sql", "README.txt", "media/producers/prevalaye.jpg"} <= set(names)
    assert "data/django_session.csv" not in names
    assert manifest["slug"] == source.slug and manifest["rows"]["orders_order"] == 1
    assert producers[0]["farm_name"] == "Ferme de la Prévalaye"
    assert "chloe@example.fr" in users and "password" not in users.splitlines()[0]
    Path(export.path).unlink()


def test_restore_refuses_a_taken_subdomain(committed_collectives):
    (source,) = committed_collectives(1)
    export = collective_export(collective=source, by="sam")
    with pytest.raises(ValidationError) as refused:
        collective_restore(archive_path=export.path, slug="panier-des-pres", by="sam")
    assert "slug" in refused.value.message_dict
    CollectiveExport.objects.filter(pk=export.pk).delete()


def test_dump_rows_are_never_rewritten():
    dump = (
        "CREATE TABLE old.t (id integer, note text);\n"
        "COPY old.t (id, note) FROM stdin;\n"
        '1\tsee old.t and "old".t\n'
        "\\.\n"
        "SELECT pg_catalog.setval('old.t_id_seq', 1, true);\n"
    )
    segments = list(dump_segments(dump, "old", "new"))
    assert segments[0].sql == 'CREATE TABLE "new".t (id integer, note text);'
    assert segments[1].sql == 'COPY "new".t (id, note) FROM stdin;'
    assert segments[1].rows == '1\tsee old.t and "old".t\n'
    assert segments[2].sql == "SELECT pg_catalog.setval('\"new\".t_id_seq', 1, true);"


def test_a_file_that_is_not_an_export_is_refused_with_a_word(db, tmp_path):
    bogus = tmp_path / "photo.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(ValidationError, match="not a collective export"):
        collective_restore(archive_path=bogus, slug="nouveau-nom", by="sam")
    assert not Collective.objects.filter(slug="nouveau-nom").exists()
