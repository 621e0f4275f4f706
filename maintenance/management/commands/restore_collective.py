from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maintenance.exports import collective_restore


class Command(BaseCommand):
    help = (
        "Restore an export as a NEW collective (suspended, at <slug>.<domain>); "
        "the original is left untouched. Reactivate it from the console when checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz made by export_collective or the console")
        parser.add_argument("slug", help="subdomain of the restored collective")
        parser.add_argument("--name", default="")
        parser.add_argument("--by", default="command")

    def handle(self, *args, archive, slug, name, by, **options):
        try:
            collective = collective_restore(archive_path=archive, slug=slug, name=name, by=by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Restored as {collective.slug} (schema {collective.schema_name}), suspended."
        )
