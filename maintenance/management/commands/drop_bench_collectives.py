import os

from django.core.management.base import BaseCommand

from maintenance.bench_fleet import PREFIX, bench_collectives_drop


class Command(BaseCommand):
    help = f"Drop every benchmark collective ({PREFIX}…), schemas and rows."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, workers, **options):
        dropped = bench_collectives_drop(workers=workers)
        self.stdout.write(f"{dropped} bench schemas dropped.")
