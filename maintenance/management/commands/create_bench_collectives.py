import os
import time

from django.core.management.base import BaseCommand

from maintenance.bench_fleet import PREFIX, bench_collectives_create


class Command(BaseCommand):
    help = f"Create N throwaway collectives ({PREFIX}…) quickly, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many bench collectives should exist")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, count, workers, **options):
        started = time.perf_counter()
        made = bench_collectives_create(count, workers=workers, log=self.stdout.write)
        self.stdout.write(
            f"{made} bench collectives created in {time.perf_counter() - started:.1f} s "
            f"({count} exist)."
        )
