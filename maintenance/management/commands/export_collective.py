from django.core.management.base import BaseCommand, CommandError

from maintenance.exports import collective_export
from tenants.models import Collective


class Command(BaseCommand):
    help = "Export everything of one collective: SQL dump of its schema, media, readable CSV."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--by", default="command")

    def handle(self, *args, slug, by, **options):
        collective = Collective.objects.filter(slug=slug).exclude(schema_name="public").first()
        if collective is None:
            raise CommandError(f"No collective {slug!r}.")
        export = collective_export(collective=collective, by=by)
        self.stdout.write(f"{export.path} ({export.size_bytes} bytes)")
