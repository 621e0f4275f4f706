"""The fleet view: every collective with its figures; search and filters."""

from decimal import Decimal

from billing.models import Plan, Subscription
from maintenance.models import CollectiveStats, FleetMigrationItem, FleetMigrationRun, RolloutRing
from maintenance.stats import collective_stats_refresh
from tenants.models import Collective


def names(response) -> set[str]:
    return {c.name for c in response.context["page"]}


def test_the_fleet_shows_status_plan_figures_and_schema_version(console, panier, bocage):
    Subscription.objects.create(
        collective=panier, plan=Plan.objects.get(slug="collectif"), started_at=panier.created_at
    )
    CollectiveStats.objects.create(
        collective=panier,
        orders_this_week=42,
        turnover_this_week=Decimal("1234.50"),
        database_bytes=3 * 1024 * 1024,
    )
    Collective.objects.filter(pk=bocage.pk).update(migration_fingerprint="old")
    page = console.get("/console/").content.decode()
    assert "Collectif" in page and ">42<" in page and "1234.50\xa0€" in page
    assert "3.0\xa0MB" in page
    assert "migrations pending" in page and "up to date" in page


def test_search_and_filters(console, panier, bocage):
    assert names(console.get("/console/", {"query": "rennes"})) == {"Panier des Prés"}
    Collective.objects.filter(pk=bocage.pk).update(status="suspended", migration_fingerprint="old")
    assert "Bocage Paysan" in names(console.get("/console/", {"status": "suspended"}))
    assert "Panier des Prés" not in names(console.get("/console/", {"status": "suspended"}))
    assert "Bocage Paysan" in names(console.get("/console/", {"schema": "behind"}))
    assert "Bocage Paysan" not in names(console.get("/console/", {"schema": "current"}))
    RolloutRing.objects.create(collective=panier, ring=0)
    assert names(console.get("/console/", {"ring": "0"})) == {"Panier des Prés"}
    assert "Panier des Prés" not in names(console.get("/console/", {"ring": "2"}))


def test_collectives_whose_last_migration_failed_are_flagged(console, panier, bocage):
    run = FleetMigrationRun.objects.create(target_fingerprint="x", started_by="test")
    FleetMigrationItem.objects.create(
        run=run,
        collective=bocage,
        schema_name=bocage.schema_name,
        ring=2,
        status="failed",
        error="column already exists",
    )
    response = console.get("/console/", {"errors": "on"})
    assert names(response) == {"Bocage Paysan"}
    assert "column already exists" in response.content.decode()


def test_the_fleet_view_costs_the_same_queries_whatever_the_number_of_collectives(
    console, panier, bocage, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        console.get("/console/")
    for n in range(5):
        collective = Collective.objects.create(
            schema_name=f"view_{n}", slug=f"view-{n}", name=f"View {n}", status="active"
        )
        CollectiveStats.objects.create(collective=collective, orders_this_week=n)
        RolloutRing.objects.create(collective=collective, ring=1)
    with django_assert_max_num_queries(len(few)):
        page = console.get("/console/")
    assert len(page.context["page"]) >= 7


def test_figures_are_counted_in_the_collective(panier, bocage, chloe):
    from django_tenants.utils import tenant_context

    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
    from shop.orders.services import order_place

    with tenant_context(panier):
        point = make_point()
        cycle = make_cycle([point])
        (item,) = offer(cycle, make_product(make_producer(), "Miel", "7.50"), quantity=5)
        order = order_place(
            customer=chloe, cycle=cycle, point=point, items={item.variant_id: Decimal(2)}
        )
    stats = collective_stats_refresh(collective=panier)
    assert stats.orders_this_week == 1 and stats.turnover_this_week == order.total_incl_vat
    assert stats.last_activity_at == order.placed_at
    assert stats.database_bytes > 0 and stats.refreshed_at is not None
    assert collective_stats_refresh(collective=bocage).orders_this_week == 0
