import importlib
import pkgutil

from django.core.management.base import BaseCommand, CommandError

import maintenance.benchmarks as benchmarks
from maintenance.benchmarks import REGISTRY, format_table


class Command(BaseCommand):
    help = "Run the benchmarks (all, or those named) and print one table."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
        parser.add_argument("--quick", action="store_true", help="fewer repetitions")

    def handle(self, *args, names, quick, **options):
        for module in pkgutil.iter_modules(benchmarks.__path__):
            importlib.import_module(f"{benchmarks.__name__}.{module.name}")
        unknown = set(names) - set(REGISTRY)
        if unknown:
            raise CommandError(
                f"Unknown benchmark(s): {', '.join(sorted(unknown))}. "
                f"Known: {', '.join(sorted(REGISTRY))}"
            )
        results = []
        for name in names or sorted(REGISTRY):
            self.stderr.write(f"running {name}…")
            results.extend(REGISTRY[name](quick=quick))
        self.stdout.write(format_table(results))
