"""Alice keeps weekly schedules and creates their coming cycles at the press of a button."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from shop.cycles.models import CycleSchedule, OrderCycle
from shop.demo.factories import make_point

from .conftest import in_schema

CREATE = reverse("backoffice:schedule_create")


def schedule_form(**changes):
    data = {
        "name": "Jeudi soir",
        "closes_weekday": "3",
        "closes_time": "20:00",
        "lead_days": "2",
        "weeks_ahead": "3",
        "active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def make_schedule(**extra) -> CycleSchedule:
    values = {"name": "Jeudi soir", "closes_weekday": 3, "closes_time": time(20), "weeks_ahead": 3}
    values.update(extra)
    return CycleSchedule.objects.create(**values)


def test_admin_adds_a_weekly_schedule(alice_client, panier):
    response = alice_client.post(CREATE, schedule_form())
    assert response.status_code == 302
    with in_schema(panier):
        schedule = CycleSchedule.objects.get()
    assert (schedule.closes_weekday, schedule.closes_time) == (3, time(20))
    assert (schedule.lead_days, schedule.weeks_ahead, schedule.active) == (2, 3, True)


def test_weeks_ahead_beyond_eight_is_refused(alice_client, panier):
    response = alice_client.post(CREATE, schedule_form(weeks_ahead="12"))
    assert "weeks_ahead" in response.context["form"].errors
    with in_schema(panier):
        assert not CycleSchedule.objects.exists()


def test_two_active_schedules_with_the_same_deadline_are_refused(alice_client, panier):
    with in_schema(panier):
        make_schedule(name="Le jeudi")
    response = alice_client.post(CREATE, schedule_form())
    assert "closes_time" in response.context["form"].errors
    with in_schema(panier):
        assert CycleSchedule.objects.count() == 1


def test_admin_edits_a_schedule(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule()
    url = reverse("backoffice:schedule_edit", args=[schedule.pk])
    response = alice_client.post(url, schedule_form(closes_weekday="4", closes_time="18:30"))
    assert response.status_code == 302
    with in_schema(panier):
        schedule.refresh_from_db()
    assert (schedule.closes_weekday, schedule.closes_time) == (4, time(18, 30))


def test_creating_the_coming_cycles_twice_creates_them_once(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule(weeks_ahead=3)
        make_point("Ferme du Bois", weekday=5)
        make_point("Épicerie", weekday=4)
    url = reverse("backoffice:schedule_create_cycles", args=[schedule.pk])

    first = alice_client.post(url, follow=True)
    assert "3 cycles were created." in first.content.decode()
    with in_schema(panier):
        assert OrderCycle.objects.filter(schedule=schedule).count() == 3
        cycles = OrderCycle.objects.prefetch_related("distributions")
        assert all(c.distributions.count() == 2 for c in cycles)

    second = alice_client.post(url, follow=True)
    assert "Nothing to create" in second.content.decode()
    with in_schema(panier):
        assert OrderCycle.objects.count() == 3


def test_deadlines_of_created_cycles_are_in_the_collectives_time(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule(weeks_ahead=2)
        make_point()
    alice_client.post(reverse("backoffice:schedule_create_cycles", args=[schedule.pk]))
    with in_schema(panier):
        for cycle in OrderCycle.objects.all():
            local = timezone.localtime(cycle.closes_at, panier.zone)
            assert (local.weekday(), local.time()) == (3, time(20))


def test_an_inactive_schedule_creates_nothing_and_says_why(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule(active=False)
        make_point()
    response = alice_client.post(
        reverse("backoffice:schedule_create_cycles", args=[schedule.pk]), follow=True
    )
    assert "inactive" in response.content.decode()
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_without_an_active_point_nothing_is_created_and_the_admin_is_told(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule()
    response = alice_client.post(
        reverse("backoffice:schedule_create_cycles", args=[schedule.pk]), follow=True
    )
    assert "pickup point" in response.content.decode()
    with in_schema(panier):
        assert not OrderCycle.objects.exists()


def test_a_schedule_with_cycles_to_come_cannot_be_deleted(alice_client, panier):
    with in_schema(panier):
        schedule = make_schedule()
        make_point()
    alice_client.post(reverse("backoffice:schedule_create_cycles", args=[schedule.pk]))
    alice_client.post(reverse("backoffice:schedule_delete", args=[schedule.pk]))
    with in_schema(panier):
        assert CycleSchedule.objects.filter(pk=schedule.pk).exists()


def test_a_schedule_whose_cycles_are_past_is_deleted_and_its_cycles_stay(alice_client, panier):
    now = timezone.now()
    with in_schema(panier):
        schedule = make_schedule()
        cycle = OrderCycle.objects.create(
            schedule=schedule,
            name="Ancien",
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=10),
        )
    response = alice_client.post(reverse("backoffice:schedule_delete", args=[schedule.pk]))
    assert response.status_code == 302
    with in_schema(panier):
        assert not CycleSchedule.objects.exists()
        assert OrderCycle.objects.filter(pk=cycle.pk).exists()


def test_the_schedule_list_shows_the_next_deadlines(alice_client, panier):
    with in_schema(panier):
        make_schedule(weeks_ahead=2)
    response = alice_client.get(reverse("backoffice:schedule_list"))
    ((_schedule, deadlines),) = response.context["rows"]
    assert len(deadlines) == 2
    assert all(d.hour == 20 for d in deadlines)
