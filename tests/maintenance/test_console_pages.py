"""The console's pages for migrations, features, notes, the audit log and restores."""

from unittest import mock

import pytest

from maintenance.models import AuditEntry, FleetMigrationItem, FleetMigrationRun


def test_starting_a_fleet_migration_from_the_console(console):
    with mock.patch("maintenance.console.migrations.run_fleet_migration.delay") as start:
        response = console.post("/console/migrations/lancer/")
    assert response.status_code == 302
    start.assert_called_once_with("sam@groupage.localhost")


def test_a_running_migration_shows_its_progress_and_polls(console, panier, bocage):
    run = FleetMigrationRun.objects.create(target_fingerprint="x", started_by="sam")
    FleetMigrationItem.objects.create(
        run=run,
        collective=panier,
        schema_name="panier_des_pres",
        ring=0,
        status="done",
        seconds=0.02,
    )
    FleetMigrationItem.objects.create(
        run=run,
        collective=bocage,
        schema_name="bocage_paysan",
        ring=2,
        status="failed",
        error="boom",
    )
    page = console.get(f"/console/migrations/{run.pk}/").content.decode()
    assert f'hx-get="/console/migrations/{run.pk}/"' in page and "boom" in page
    partial = console.get(f"/console/migrations/{run.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "boom" in partial.content.decode()
    listing = console.get("/console/migrations/").content.decode()
    assert "migrations pending" in listing and f"/console/migrations/{run.pk}/" in listing


def test_the_other_console_pages_answer(console, panier):
    AuditEntry.objects.create(actor="sam", action="suspend", collective=panier, reason="r")
    for path in (
        "/console/journal/",
        "/console/fonctions/",
        "/console/nouveautes/",
        f"/console/c/{panier.slug}/",
    ):
        assert console.get(path).status_code == 200, path
    assert console.get("/console/c/no-such-collective/").status_code == 404


def test_restoring_from_the_console_needs_a_free_subdomain(console, panier):
    from maintenance.models import CollectiveExport

    export = CollectiveExport.objects.create(
        collective=panier,
        slug=panier.slug,
        schema_name=panier.schema_name,
        path="/nowhere.tar.gz",
        by="sam",
    )
    page = console.get(f"/console/exports/{export.pk}/restaurer/")
    assert page.status_code == 200 and "panier-des-pres-copie" in page.content.decode()
    refused = console.post(
        f"/console/exports/{export.pk}/restaurer/", {"export": export.pk, "slug": "panier-des-pres"}
    )
    assert "already taken" in refused.content.decode()
    assert console.get(f"/console/exports/{export.pk}/").status_code == 404  # file gone


@pytest.fixture
def export_file(committed_collectives) -> tuple:
    """An export of a committed collective, as bytes kept off the server."""
    from pathlib import Path

    from maintenance.exports import collective_export
    from maintenance.models import CollectiveExport

    (source,) = committed_collectives(1)
    export = collective_export(collective=source, by="sam")
    data = Path(export.path).read_bytes()
    Path(export.path).unlink()
    CollectiveExport.objects.filter(pk=export.pk).delete()
    return source, data


def test_a_collective_comes_back_from_an_uploaded_export_file(export_file, console):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenants.models import Collective

    source, data = export_file
    page = console.get("/console/restaurer/")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    response = console.post(
        "/console/restaurer/",
        {"archive": SimpleUploadedFile("export.tar.gz", data), "slug": "retour-du-fichier"},
    )

    assert response.status_code == 302
    copy = Collective.objects.get(slug="retour-du-fichier")
    assert (copy.status, copy.name) == (Collective.Status.SUSPENDED, source.name)
    assert response["Location"] == f"/console/c/{copy.slug}/"
    assert AuditEntry.objects.filter(action="restore", collective=copy, actor__contains="sam")


def test_a_file_that_is_not_an_export_is_refused_with_a_word(console):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenants.models import Collective

    response = console.post(
        "/console/restaurer/",
        {"archive": SimpleUploadedFile("photo.tar.gz", b"not an archive"), "slug": "nouveau"},
    )

    assert response.status_code == 200
    assert "This archive is not a collective export." in response.content.decode()
    assert not Collective.objects.filter(slug="nouveau").exists()
