"""Load at rising concurrency against the production server setup on loopback.

Storefront, basket, checkout (each client a signed-in consumer whose basket
is ready: posting again replaces their order) and a back-office list, at 1,
4, 16 and 32 concurrent clients: throughput, p50/p95/p99 and errors.
"""

import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from maintenance.benchmarks import Result, benchmark
from maintenance.benchmarks.http_load import LoadResult, build_request, run_load
from maintenance.benchmarks.server import gunicorn
from tenants.models import Collective

LEVELS = (1, 4, 16, 32)


@dataclass
class Scenario:
    name: str
    path: str
    requests: list[bytes]


def _session_cookie(collective: Collective, user, cart: dict | None = None) -> str:
    """A signed-in session stored in the collective's schema, as the login page makes it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    with tenant_context(collective):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if cart:
            session["cart"] = cart
        session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def scenarios(
    collective: Collective, host: str, clients: int, checkouts: int = 1500
) -> list[Scenario]:
    """Prepare the signed-in people and their baskets (not timed)."""
    from django.utils import timezone

    from groupage.accounts.models import Role, User
    from shop.cycles.models import OfferItem
    from shop.storefront.selectors import open_cycles

    with tenant_context(collective):
        cycle = open_cycles(timezone.now())[0]
        distribution = cycle.distributions.all()[0]
        items = list(
            OfferItem.objects.filter(cycle=cycle, quantity_available__isnull=True).select_related(
                "variant"
            )[:3]
        )
        run = uuid.uuid4().hex[:6]
        admin = User.objects.create_user(email=f"load-admin-{run}@bench.example", role=Role.ADMIN)
        consumers = [
            User.objects.create_user(email=f"load-{run}-{i}@bench.example") for i in range(clients)
        ]
    cart = {
        "cycle": cycle.pk,
        "point": distribution.pickup_point_id,
        "items": {str(item.variant_id): "1" for item in items},
        "editing": None,
    }
    checkout_requests = []
    # One session per checkout (placing an order empties its basket); consumers
    # in turn, so that concurrent checkouts are different people.
    for i in range(checkouts):
        consumer = consumers[i % len(consumers)]
        token = secrets.token_hex(16)
        cookies = f"{_session_cookie(collective, consumer, cart)}; csrftoken={token}"
        body = f"csrfmiddlewaretoken={token}&note=charge"
        checkout_requests.append(
            build_request("POST", "/commande/", host, cookies=cookies, body=body)
        )
    admin_cookie = _session_cookie(collective, admin)
    connection.set_schema_to_public()
    return [
        Scenario("storefront", "/", [build_request("GET", "/", host)]),
        Scenario("basket", "/panier/", [build_request("GET", "/panier/", host)]),
        Scenario("checkout", "/commande/", checkout_requests),
        Scenario(
            "back-office orders",
            "/gestion/commandes/",
            [build_request("GET", "/gestion/commandes/", host, cookies=admin_cookie)],
        ),
    ]


def run_levels(port: int, host: str, prepared: list[Scenario], *, seconds: float, levels=LEVELS):
    table: dict[tuple[str, int], LoadResult] = {}
    for scenario in prepared:
        for level in levels:
            table[(scenario.name, level)] = run_load(
                port,
                scenario.path,
                host,
                concurrency=level,
                seconds=seconds,
                requests=scenario.requests,
            )
    return table


def format_load_table(table: dict[tuple[str, int], LoadResult]) -> str:
    rows = [("scenario", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")]
    for (name, level), result in table.items():
        rows.append(
            (
                name,
                str(level),
                f"{result.throughput:.1f}",
                f"{result.p50 * 1000:.1f}",
                f"{result.p95 * 1000:.1f}",
                f"{result.p99 * 1000:.1f}",
                str(result.errors),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@benchmark("load")
def load(quick: bool = False) -> list[Result]:
    from shop.demo.seed import seed_demo

    seed_demo()
    collective = Collective.objects.get(slug="panier-des-pres")
    host = f"{collective.slug}.{settings.PLATFORM_DOMAIN}"
    prepared = scenarios(collective, host, clients=max(LEVELS))
    with gunicorn(workers=4) as port:
        table = run_levels(port, host, prepared, seconds=2.0 if quick else 5.0)
    print(format_load_table(table))
    errors = sum(r.errors for r in table.values())
    if errors:
        raise RuntimeError(f"{errors} errors under load")
    return [
        Result(
            f"{name} throughput, 16 clients",
            "req/s",
            [table[(name, 16)].throughput],
            higher_is_better=True,
        )
        for name in ("storefront", "basket", "checkout", "back-office orders")
    ]
