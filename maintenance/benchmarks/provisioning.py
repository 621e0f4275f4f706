"""Time to create a collective that answers its first request.

Ours: `collective_provision` (replays the template recipe). Baseline, in the
same run: django-tenants' plain path, which runs every migration for the new
schema (`TenantMixin.create_schema` without a base schema).
"""

import time
import uuid

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists

from maintenance.benchmarks import Result, benchmark
from tenants.models import Collective, Domain
from tenants.reserve import refill_reserve
from tenants.schema_template import current_template
from tenants.services import CollectiveDetails, collective_provision, primary_host_for


def _first_request(slug: str) -> None:
    response = Client(HTTP_HOST=primary_host_for(slug)).get("/")
    connection.set_schema_to_public()
    if response.status_code != 200:
        raise RuntimeError(f"{slug} answered {response.status_code}")


def _ours() -> tuple[str, float]:
    """The real path of a sign-up: validation, a spare schema renamed, the domain, a 200."""
    slug = f"bench-{uuid.uuid4().hex[:10]}"
    started = time.perf_counter()
    collective_provision(details=CollectiveDetails(name="Bench", slug=slug))
    _first_request(slug)
    return slug, time.perf_counter() - started


def _migrate_on_create() -> tuple[str, float]:
    slug = f"bench-{uuid.uuid4().hex[:10]}"
    started = time.perf_counter()
    collective = Collective(
        schema_name=slug.replace("-", "_"), slug=slug, name="Bench", status="active"
    )
    collective.save()
    collective.create_schema(check_if_exists=True, verbosity=0)
    Domain.objects.create(domain=primary_host_for(slug), tenant=collective, is_primary=True)
    _first_request(slug)
    return slug, time.perf_counter() - started


def _drop(slugs: list[str]) -> None:
    connection.set_schema_to_public()
    for collective in Collective.objects.filter(slug__in=slugs):
        Domain.objects.filter(tenant=collective).delete()
        if schema_exists(collective.schema_name):
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA "{collective.schema_name}" CASCADE')
        collective.delete()


@benchmark("provisioning")
def provisioning(quick: bool = False) -> list[Result]:
    repeat, baseline_repeat = (5, 1) if quick else (20, 3)
    current_template()  # the template is built once per set of migrations, not per collective
    slugs: list[str] = []
    warm: list[float] = []
    cold: list[float] = []
    baseline: list[float] = []
    try:
        # Cold: no spare schema ready, the template recipe is replayed.
        refill_reserve(target=0)
        for _ in range(repeat):
            slug, seconds = _ours()
            slugs.append(slug)
            cold.append(seconds)
        # Warm: the reserve (refilled in the background in production) has spares.
        refill_reserve(target=repeat)
        for _ in range(repeat):
            slug, seconds = _ours()
            slugs.append(slug)
            warm.append(seconds)
        for _ in range(baseline_repeat):
            slug, seconds = _migrate_on_create()
            slugs.append(slug)
            baseline.append(seconds)
    finally:
        _drop(slugs)
        refill_reserve(target=0)
    base = "django-tenants migrate-on-create"
    return [
        Result(
            "provision, spare schema (to first 200)", "s", warm, base, baseline, "p95 < 1 s, ≥ 10×"
        ),
        Result("provision, template recipe (to first 200)", "s", cold, base, baseline, "p95 < 1 s"),
    ]
