import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from maintenance.fleet_migrations import FleetBusy, fleet_migrate
from maintenance.models import FleetMigrationRun


class Command(BaseCommand):
    help = (
        "Bring the shared schema, the template and every collective's schema up to date, "
        "in parallel, ring by ring (canary, early, everyone). Re-running resumes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes, each with its own connection (default: CPU count)",
        )
        parser.add_argument(
            "--force", action="store_true", help="go on to the next ring even if one failed"
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="also read every schema's migration records (slower, still no planner)",
        )
        parser.add_argument("--skip-shared", action="store_true", help="leave the public schema")
        parser.add_argument(
            "--skip-template", action="store_true", help="leave the template and spare schemas"
        )
        parser.add_argument("--by", default="command", help="who runs it, for the record")

    def handle(self, *args, workers, force, verify, skip_shared, skip_template, by, **options):
        verbosity = options["verbosity"]
        if FleetMigrationRun._meta.db_table not in connection.introspection.table_names():
            # A new database: the run's own records live in the shared schema.
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        try:
            run = fleet_migrate(
                workers=workers,
                force=force,
                verify=verify,
                migrate_shared=not skip_shared,
                refresh_template=not skip_template,
                by=by,
                log=(lambda line: self.stdout.write(line)) if verbosity else (lambda line: None),
            )
        except FleetBusy as busy:
            raise CommandError(str(busy)) from None
        failed = run.items.filter(status="failed")
        for item in failed:
            self.stderr.write(f"{item.schema_name}: {item.error}")
        summary = (
            f"Fleet migration {run.pk}: {run.get_status_display()} — "
            f"{run.up_to_date} already up to date, "
            f"{run.items.filter(status='done').count()} migrated, {failed.count()} failed."
        )
        if run.status != FleetMigrationRun.Status.DONE:
            raise CommandError(summary + " Fix and run again: it resumes where it stopped.")
        self.stdout.write(summary)
