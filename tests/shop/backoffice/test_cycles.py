"""Alice opens order cycles by hand, in her collective's time zone."""

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from shop.cycles.models import OrderCycle
from shop.cycles.services import distribution_date_for
from shop.demo.factories import make_cycle, make_point

from .conftest import in_schema

CREATE = reverse("backoffice:cycle_create")


def cycle_form(points, **changes):
    data = {
        "name": "Semaine de Pâques",
        "opens_date": "2030-03-28",  # Paris in winter time (UTC+1)
        "opens_time": "08:00",
        "closes_date": "2030-04-04",  # Paris in summer time (UTC+2)
        "closes_time": "20:00",
        "lead_days": "2",
    }
    for point in points:
        data[f"point_{point.pk}"] = "on"
        data[f"date_{point.pk}"] = ""
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_cycle_typed_in_paris_time_stores_the_right_utc_instants(alice_client, panier):
    with in_schema(panier):
        farm = make_point("Ferme du Bois", weekday=5)
        shop = make_point("Épicerie", weekday=4)
    form = cycle_form([farm, shop], **{f"date_{shop.pk}": "2030-04-12"})
    response = alice_client.post(CREATE, form)
    assert response.status_code == 302
    with in_schema(panier):
        cycle = OrderCycle.objects.get()
        dates = {d.pickup_point_id: d.date for d in cycle.distributions.all()}
    assert cycle.opens_at == datetime(2030, 3, 28, 7, 0, tzinfo=UTC)
    assert cycle.closes_at == datetime(2030, 4, 4, 18, 0, tzinfo=UTC)
    # Left empty: the point's next distribution day at least two days after the deadline.
    assert dates[farm.pk] == distribution_date_for(
        weekday=5, deadline=date(2030, 4, 4), lead_days=2
    )
    assert dates[shop.pk] == date(2030, 4, 12)


def test_the_new_cycle_form_suggests_each_points_distribution_date(alice_client, panier):
    with in_schema(panier):
        point = make_point(weekday=5)
    form = alice_client.get(CREATE).context["form"]
    deadline = form.initial["closes_date"]
    assert deadline > timezone.localdate()
    assert form.initial[f"date_{point.pk}"] == distribution_date_for(
        weekday=5, deadline=deadline, lead_days=2
    )


def test_dates_are_suggested_again_from_a_new_deadline_without_creating(alice_client, panier):
    with in_schema(panier):
        point = make_point(weekday=1)
    response = alice_client.post(
        CREATE, cycle_form([point], closes_date="2030-05-02", recompute="1")
    )
    assert response.status_code == 200
    assert response.context["form"].initial[f"date_{point.pk}"] == date(2030, 5, 7)
    assert response.context["form"].initial["name"] == "Semaine de Pâques"
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_a_cycle_closing_before_it_opens_is_refused(alice_client, panier):
    with in_schema(panier):
        point = make_point()
    response = alice_client.post(CREATE, cycle_form([point], closes_date="2030-03-20"))
    assert "closes_date" in response.context["form"].errors
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_an_hour_skipped_by_the_change_to_summer_time_is_refused(alice_client, panier):
    with in_schema(panier):
        point = make_point()
    response = alice_client.post(
        CREATE, cycle_form([point], opens_date="2030-03-31", opens_time="02:30")
    )
    assert "opens_time" in response.context["form"].errors
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_a_cycle_needs_a_pickup_point(alice_client, panier):
    with in_schema(panier):
        point = make_point()
    response = alice_client.post(CREATE, cycle_form([point], **{f"point_{point.pk}": None}))
    assert response.context["form"].non_field_errors()
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_a_distribution_before_the_deadline_is_refused(alice_client, panier):
    with in_schema(panier):
        point = make_point()
    response = alice_client.post(CREATE, cycle_form([point], **{f"date_{point.pk}": "2030-03-01"}))
    assert response.context["form"].non_field_errors()
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_cycles_are_listed_as_open_upcoming_and_closed_in_local_time(alice_client, panier):
    now = timezone.now()
    with in_schema(panier):
        point = make_point("Ferme du Bois")
        make_cycle([point])  # open now
        make_cycle([point], opens_at=now + timedelta(days=5), closes_at=now + timedelta(days=12))
        make_cycle([point], opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=9))
        summer = make_cycle(
            [point],
            opens_at=datetime(2030, 6, 1, 6, 0, tzinfo=UTC),
            closes_at=datetime(2030, 6, 6, 18, 0, tzinfo=UTC),
        )
    response = alice_client.get(reverse("backoffice:cycle_list"))
    assert len(response.context["open"]) == 1
    assert len(response.context["upcoming"]) == 2
    assert len(response.context["closed"]) == 1
    row = next(r for r in response.context["upcoming"] if r.cycle.pk == summer.pk)
    assert (row.closes_at.hour, row.closes_at.tzinfo.key) == (20, "Europe/Paris")
    assert "20:00" in response.content.decode()
    assert "Ferme du Bois" in response.content.decode()


def test_the_cycle_list_costs_the_same_queries_for_2_or_12_cycles(
    alice_client, panier, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_cycles(count, points):
        now = timezone.now()
        with in_schema(panier):
            for n in range(count):
                make_cycle(
                    points,
                    opens_at=now - timedelta(days=40 + n),
                    closes_at=now - timedelta(days=30 + n),
                )
                make_cycle(
                    points,
                    opens_at=now + timedelta(days=3 + n),
                    closes_at=now + timedelta(days=9 + n),
                )

    with in_schema(panier):
        points = [make_point("Ferme du Bois"), make_point("Épicerie", weekday=3)]
    add_cycles(1, points)
    with CaptureQueriesContext(connection) as few:
        alice_client.get(reverse("backoffice:cycle_list"))
    add_cycles(5, points)
    with django_assert_max_num_queries(len(few)):
        response = alice_client.get(reverse("backoffice:cycle_list"))
    assert len(response.context["upcoming"]) == 6
