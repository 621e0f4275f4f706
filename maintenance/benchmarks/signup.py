"""A new territory signs up: from the form's service call to its shop's first 200.

Measured: `territory_sign_up` (checks, request row) → the provisioning task
(in-process, as without a broker: schema, admin account, plan, closed shop)
→ the hand-over link → the founder's first page on the new host, the
onboarding checklist, answering 200. With spare schemas ready (production:
refilled by a worker) and without (template recipe replayed). Baseline in the
same run: django-tenants' path, a schema made by running every migration,
to the first 200 of the shop.
"""

import time
import uuid
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from maintenance.benchmarks import Result, benchmark
from maintenance.benchmarks.provisioning import _drop, _migrate_on_create
from public_site.handoff import handoff_issue
from public_site.models import LoginHandoff, SignUpRequest
from public_site.signup import SignUpDetails, territory_sign_up
from tenants.reserve import refill_reserve
from tenants.schema_template import current_template


def _sign_up_to_first_page() -> tuple[str, float]:
    slug = f"bench-{uuid.uuid4().hex[:10]}"
    started = time.perf_counter()
    request = territory_sign_up(
        details=SignUpDetails(
            collective_name="Bench des Prés",
            territory="Benchmark",
            slug=slug,
            admin_name="Marion Bench",
            email=f"{slug}@bench.example",
            password="Trèfle-des-prés-2025",  # noqa: S106 — a throwaway bench account
            plan_slug="decouverte",
        ),
        ip_address="192.0.2.1",
    )
    request.refresh_from_db()
    if request.status != SignUpRequest.Status.DONE:
        raise RuntimeError(f"sign-up of {slug}: {request.status} {request.error}")
    url = urlsplit(
        handoff_issue(
            collective=request.collective,
            user_id=request.admin_user_id,
            purpose=LoginHandoff.Purpose.SIGN_UP,
            next_path=reverse(
                "backoffice:onboarding:checklist", urlconf="groupage.urls_collective"
            ),
        )
    )
    page = Client(HTTP_HOST=url.netloc.split(":")[0]).get(url.path, follow=True)
    seconds = time.perf_counter() - started
    connection.set_schema_to_public()
    if page.status_code != 200 or "demarrage" not in page.redirect_chain[-1][0]:
        raise RuntimeError(f"{slug} answered {page.status_code}")
    return slug, seconds


@benchmark("signup")
def signup(quick: bool = False) -> list[Result]:
    repeat = 3 if quick else 10
    current_template()
    slugs: list[str] = []
    warm, cold, baseline = [], [], []
    try:
        with override_settings(PROVISIONING_RESERVE=0):  # refills belong to a worker
            refill_reserve(target=repeat)
            for _ in range(repeat):
                cache.clear()  # the rate limits are not what is measured
                slug, seconds = _sign_up_to_first_page()
                slugs.append(slug)
                warm.append(seconds)
            refill_reserve(target=0)
            for _ in range(repeat):
                cache.clear()
                slug, seconds = _sign_up_to_first_page()
                slugs.append(slug)
                cold.append(seconds)
        slug, seconds = _migrate_on_create()
        slugs.append(slug)
        baseline.append(seconds)
    finally:
        SignUpRequest.objects.filter(slug__in=slugs).delete()
        _drop(slugs)
    base = "django-tenants migrate-on-create (to first 200)"
    return [
        Result("sign-up to a usable shop, spare schema ready", "s", warm, base, baseline, "< 2 s"),
        Result("sign-up to a usable shop, template recipe", "s", cold, base, baseline, "< 2 s"),
    ]
