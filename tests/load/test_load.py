"""Below saturation, the production server answers every request without error:
storefront, basket, checkout and a back-office list, at moderate concurrency."""

from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from maintenance.benchmarks.load import run_levels, scenarios
from maintenance.benchmarks.server import gunicorn


def test_no_error_below_saturation(committed_collective, django_db_blocker):
    from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
    from shop.orders.models import Order

    with django_db_blocker.unblock():
        with tenant_context(committed_collective):
            point = make_point()
            cycle = make_cycle([point])
            farm = make_producer()
            for name in ("Carottes", "Poireaux", "Navets"):
                offer(cycle, make_product(farm, name, "2.50"))
        host = f"{committed_collective.slug}.{settings.PLATFORM_DOMAIN}"
        prepared = scenarios(committed_collective, host, clients=8, checkouts=150)
        with gunicorn(workers=2) as port:
            table = run_levels(port, host, prepared, seconds=1.0, levels=(2, 8))
        connection.set_schema_to_public()
        with tenant_context(committed_collective):
            placed = Order.objects.filter(status=Order.Status.PLACED).count()
    assert all(result.errors == 0 for result in table.values()), {
        key: result.statuses for key, result in table.items()
    }
    assert all(result.latencies for result in table.values())  # every scenario really ran
    assert set(table[("back-office orders", 8)].statuses) == {200}  # signed in, not redirected
    assert placed > 0 and placed <= 8  # checkouts replaced each consumer's order
