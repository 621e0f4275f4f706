"""The console's pages for migrations, features, notes, the audit log and restores."""

from unittest import mock

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
