"""The dashboards' pages: who sees what, charts on the page, CSV, and speed with history."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.conftest import make_user

from .conftest import signed_in
from .history import PARIS, make_history, sell

TODAY = date(2026, 6, 20)


def on_today():
    from datetime import datetime, time

    return time_machine.travel(datetime.combine(TODAY, time(12), tzinfo=PARIS), tick=False)


@pytest.fixture
def some_sales(farms, chloe):
    sell(customer=chloe, point=farms.farm, day=date(2026, 6, 12), lines=[(farms.carrots, "2", "4")])
    sell(customer=chloe, point=farms.bocal, day=date(2026, 6, 19), lines=[(farms.cheese, "1", "3")])
    return farms


def test_the_admin_sees_charts_and_tables(some_sales, panier, alice):
    client = signed_in(panier, alice)
    with on_today():
        response = client.get(reverse("backoffice:dashboard"), {"semaines": "13"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 4
    assert "Turnover per week" in html and "Épicerie Le Bocal" in html
    assert response.context["totals"].turnover == 7


def test_the_period_is_one_of_the_choices(some_sales, panier, alice):
    client = signed_in(panier, alice)
    with on_today():
        response = client.get(reverse("backoffice:dashboard"), {"semaines": "1000"})
    assert response.context["weeks_shown"] == 52


def test_each_table_exports_as_csv(some_sales, panier, alice):
    client = signed_in(panier, alice)
    with on_today():
        weeks = client.get(reverse("backoffice:dashboard_csv", args=["semaines"]), {"semaines": 13})
        producers = client.get(reverse("backoffice:dashboard_csv", args=["producteurs"]))
        points = client.get(reverse("backoffice:dashboard_csv", args=["points"]))
        reminders = client.get(reverse("backoffice:dashboard_csv", args=["relances"]))
        missing = client.get(reverse("backoffice:dashboard_csv", args=["secrets"]))
    rows = weeks.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("week;orders;turnover_incl_vat")
    assert "2026-06-08;1;4,00;4,00;1;1;0" in rows
    assert len(rows) == 1 + 13 + 4
    assert "Ferme des Prés;1;4,00;57,1" in producers.content.decode("utf-8-sig")
    assert "Épicerie Le Bocal;1;3,00;3,00;1" in points.content.decode("utf-8-sig")
    assert reminders.content.decode("utf-8-sig").startswith("deadline_week;reminders_sent")
    assert missing.status_code == 404


def test_consumers_and_producers_do_not_see_the_collectives_figures(farms, panier, chloe, bruno):
    for user in (chloe, bruno):
        client = signed_in(panier, user)
        assert client.get(reverse("backoffice:dashboard")).status_code == 403
        assert client.get(reverse("backoffice:dashboard_csv", args=["points"])).status_code == 403


def test_another_collectives_admin_sees_only_their_own(some_sales, bocage, denis):
    client = signed_in(bocage, denis)
    with on_today():
        response = client.get(reverse("backoffice:dashboard"))
    assert response.context["totals"].orders == 0
    assert "Ferme des Prés" not in response.content.decode()


def test_a_producer_sees_their_own_figures_only(some_sales, panier, bruno, gaelle):
    client = signed_in(panier, bruno)
    with on_today():
        response = client.get(reverse("producer_space:dashboard"), {"semaines": "13"})
        other = client.get(
            reverse("producer_space:dashboard"), {"producer": some_sales.chevrerie.pk}
        )
        csv = client.get(reverse("producer_space:dashboard_csv", args=["produits"]))
    assert response.status_code == 200
    assert response.context["total_sales"] == 4
    assert "Crottin" not in response.content.decode()
    assert other.status_code == 404
    assert "Carottes;kg;2;1;4,00" in csv.content.decode("utf-8-sig")


def test_an_admin_sees_any_producers_figures(some_sales, panier, alice):
    client = signed_in(panier, alice)
    with on_today():
        response = client.get(
            reverse("producer_space:dashboard"), {"producer": some_sales.chevrerie.pk}
        )
    assert response.context["total_sales"] == 3
    assert f"producer={some_sales.chevrerie.pk}&amp;semaines=" in response.content.decode()


def test_dashboards_take_the_same_queries_with_two_years_of_history(farms, panier, alice, bruno):
    customers = [make_user(panier, f"c{n}@example.fr") for n in range(3)]
    admin = signed_in(panier, alice)
    producer = signed_in(panier, bruno)

    def queries(client, name) -> int:
        with on_today(), CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name), {"semaines": "104"}).status_code == 200
        return len(captured)

    with tenant_context(panier):
        make_history(
            first_day=TODAY - timedelta(weeks=2),
            weeks=2,
            points=[farms.farm, farms.bocal],
            customers=customers,
            variants=[farms.carrots, farms.cheese],
        )
    queries(admin, "backoffice:dashboard")  # sessions and settings warm up
    queries(producer, "producer_space:dashboard")
    few_admin, few_producer = (
        queries(admin, "backoffice:dashboard"),
        queries(producer, "producer_space:dashboard"),
    )
    with tenant_context(panier):
        total = make_history(
            first_day=TODAY - timedelta(weeks=104),
            weeks=102,
            points=[farms.farm, farms.bocal],
            customers=customers,
            variants=[farms.carrots, farms.cheese],
        )
    assert total == 102 * 2 * 5  # 102 weeks, 2 points, 5 € an order
    assert queries(admin, "backoffice:dashboard") == few_admin
    assert queries(producer, "producer_space:dashboard") == few_producer


def test_the_reminder_effect_is_summed_up_on_the_page(farms, panier, alice, chloe):
    from datetime import UTC, datetime

    from shop.messaging.models import ReminderSent

    reminded_at = datetime(2026, 6, 9, 18, 0, tzinfo=UTC)
    order = sell(
        customer=chloe,
        point=farms.farm,
        day=date(2026, 6, 12),
        lines=[(farms.carrots, "1", "2")],
        placed_at=reminded_at + timedelta(hours=1),
    )
    ReminderSent.objects.create(cycle=order.cycle, user=chloe, sent_at=reminded_at)
    client = signed_in(panier, alice)
    with on_today():
        html = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Reminders sent: 1. Ordered after the reminder: 1 (100.0 % of those reminded" in html
