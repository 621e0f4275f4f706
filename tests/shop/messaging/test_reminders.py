"""The reminder before the deadline: who gets it, when, and only once."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import time_machine
from django.core import mail
from django_tenants.utils import tenant_context

from groupage.beat import BEAT_SCHEDULE
from shop.members.models import Profile, ShopSettings
from shop.messaging.models import ReminderSent
from shop.messaging.reminders import send_deadline_reminders
from shop.messaging.tasks import send_deadline_reminders as reminders_task
from shop.orders.services import order_cancel
from tests.conftest import make_user

from .conftest import DEADLINE, PARIS, html_of, make_week, place, sent_to

REMINDER_TIME = datetime(2026, 6, 11, 20, 0, tzinfo=PARIS)  # 24 h before Friday 20:00


def remind_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_deadline_reminders()


def test_consumer_who_has_not_ordered_is_reminded_24_hours_before(week, chloe):
    assert remind_at(REMINDER_TIME) == 1
    assert sent_to(mail.outbox) == ["chloe@example.fr"]
    assert ReminderSent.objects.filter(cycle=week.cycle, user=chloe).exists()


def test_no_reminder_a_minute_before_its_time(week, chloe):
    assert remind_at(REMINDER_TIME - timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_no_reminder_once_the_deadline_has_passed(week, chloe):
    assert remind_at(DEADLINE) == 0
    assert mail.outbox == []


def test_consumer_who_ordered_is_not_reminded(week, chloe, panier):
    make_user(panier, "bob@example.fr")
    place(week, chloe)
    remind_at(REMINDER_TIME)
    assert sent_to(mail.outbox) == ["bob@example.fr"]


def test_consumer_who_cancelled_their_order_is_reminded(week, chloe):
    order = place(week, chloe)
    with time_machine.travel(datetime(2026, 6, 10, 10, 0, tzinfo=PARIS), tick=False):
        order_cancel(order=order)
    remind_at(REMINDER_TIME)
    assert sent_to(mail.outbox) == ["chloe@example.fr"]


def test_consumer_who_opted_out_is_not_reminded(week, chloe):
    Profile.objects.create(user=chloe, reminders_opt_out=True)
    assert remind_at(REMINDER_TIME) == 0
    assert mail.outbox == []


def test_producers_admins_and_unverified_accounts_are_not_reminded(week, chloe, alice, panier):
    make_user(panier, "bruno@ferme.fr", "producer")
    unverified = make_user(panier, "new@example.fr")
    unverified.emailaddress_set.update(verified=False)
    remind_at(REMINDER_TIME)
    assert sent_to(mail.outbox) == ["chloe@example.fr"]


def test_consumers_of_another_collective_are_not_reminded(week, chloe, elise, bocage):
    remind_at(REMINDER_TIME)
    with tenant_context(bocage):
        assert remind_at(REMINDER_TIME) == 0  # Bocage Paysan has no cycle
    assert sent_to(mail.outbox) == ["chloe@example.fr"]


def test_reminder_goes_once_even_if_the_task_runs_twice(week, chloe):
    assert remind_at(REMINDER_TIME) == 1
    assert remind_at(REMINDER_TIME + timedelta(minutes=15)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(cycle=week.cycle).count() == 1


def test_reminder_refused_by_the_mail_server_is_tried_next_run(week, chloe):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError
    ):
        assert remind_at(REMINDER_TIME) == 0
    assert not ReminderSent.objects.exists()
    assert remind_at(REMINDER_TIME + timedelta(minutes=15)) == 1
    assert sent_to(mail.outbox) == ["chloe@example.fr"]


def test_delay_is_the_collectives_setting(week, chloe):
    ShopSettings.objects.update_or_create(pk=1, defaults={"reminder_hours_before": 48})
    assert remind_at(DEADLINE - timedelta(hours=48, minutes=1)) == 0
    assert remind_at(DEADLINE - timedelta(hours=48)) == 1


def test_closed_shop_sends_no_reminders(week, chloe):
    ShopSettings.objects.update_or_create(pk=1, defaults={"is_open": False})
    assert remind_at(REMINDER_TIME) == 0


def test_cycle_with_nothing_on_offer_is_not_reminded(in_panier, chloe):
    from shop.demo.factories import make_cycle, make_point

    make_cycle([make_point()], opens_at=DEADLINE - timedelta(days=7), closes_at=DEADLINE)
    assert remind_at(REMINDER_TIME) == 0


# --- Summer time: "24 hours before" is the day before, same time, on the collective's clock


def test_reminder_on_the_weekend_summer_time_ends(in_panier, chloe):
    # Sunday 27 October 2024, clocks go back at 03:00: the deadline is 19:00 UTC.
    make_week(
        deadline=datetime(2024, 10, 27, 20, 0, tzinfo=PARIS),
        opens=datetime(2024, 10, 10, 20, 0, tzinfo=PARIS),
    )
    # Saturday 20:00 in Paris is 18:00 UTC (25 hours before), not 19:00 UTC.
    assert remind_at(datetime(2024, 10, 26, 17, 59, tzinfo=UTC)) == 0
    assert remind_at(datetime(2024, 10, 26, 18, 0, tzinfo=UTC)) == 1


def test_reminder_on_the_weekend_summer_time_starts(in_panier, chloe):
    # Sunday 30 March 2025, clocks go forward at 02:00: the deadline is 18:00 UTC.
    make_week(
        deadline=datetime(2025, 3, 30, 20, 0, tzinfo=PARIS),
        opens=datetime(2025, 3, 10, 20, 0, tzinfo=PARIS),
    )
    # Saturday 20:00 in Paris is 19:00 UTC (23 hours before), not 18:00 UTC.
    assert remind_at(datetime(2025, 3, 29, 18, 59, tzinfo=UTC)) == 0
    assert remind_at(datetime(2025, 3, 29, 19, 0, tzinfo=UTC)) == 1


def test_reminder_follows_the_collectives_own_time_zone(in_panier, panier, chloe):
    panier.time_zone = "America/Martinique"  # UTC-4 all year
    week = make_week()  # deadline 18:00 UTC on Friday 12 June
    assert week.cycle.closes_at == datetime(2026, 6, 12, 18, 0, tzinfo=UTC)
    assert remind_at(datetime(2026, 6, 11, 17, 59, tzinfo=UTC)) == 0
    assert remind_at(datetime(2026, 6, 11, 18, 0, tzinfo=UTC)) == 1
    # The deadline is written on the collective's clock: 14:00 in Martinique.
    assert "14:00" in mail.outbox[0].subject


# --- What the e-mail holds


def test_reminder_has_both_parts_and_one_click_unsubscribe(week, chloe):
    remind_at(REMINDER_TIME)
    message = mail.outbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://panier-des-pres.localhost/courriels/desabonnement/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in html_of(message)
    assert "Ferme du Bois" in message.body
    assert "https://panier-des-pres.localhost/" in html_of(message)
    assert message.from_email == '"Panier des Prés" <noreply@localhost>'


def test_reminder_speaks_the_language_of_each_consumer(week, chloe, hugo):
    remind_at(REMINDER_TIME)
    by_address = {m.to[0]: m for m in mail.outbox}
    french, english = by_address["chloe@example.fr"], by_address["hugo@example.org"]
    assert french.extra_headers["Content-Language"] == "fr"
    assert english.extra_headers["Content-Language"] == "en"
    assert "vendredi 12 juin, 20:00" in french.subject
    assert "Friday 12 June, 20:00" in english.subject
    assert "Friday" in html_of(english) and "vendredi" in html_of(french)


def test_task_runs_in_the_collective_it_was_sent_from(week, chloe):
    with time_machine.travel(REMINDER_TIME, tick=False):
        assert reminders_task.apply().get() == 1


def test_beat_runs_reminders_every_quarter_hour_in_every_collective():
    entry = BEAT_SCHEDULE["deadline-reminders"]
    assert entry["task"] == "maintenance.fleet.fan_out"
    assert entry["kwargs"]["task_name"] == "shop.messaging.tasks.send_deadline_reminders"
    assert entry["kwargs"]["spread_seconds"] == 600
    assert entry["schedule"].minute == {0, 15, 30, 45}


def test_beat_fan_out_reminds_each_collectives_consumers_from_its_own_site(
    panier, bocage, chloe, elise
):
    from maintenance.fleet import fan_out

    for collective in (panier, bocage):
        with tenant_context(collective):
            make_week()
    with time_machine.travel(REMINDER_TIME, tick=False):
        fan_out("shop.messaging.tasks.send_deadline_reminders", spread_seconds=600)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"chloe@example.fr", "elise@example.fr"}
    assert "panier-des-pres.localhost" in by_address["chloe@example.fr"].body
    assert "bocage-paysan.localhost" in by_address["elise@example.fr"].body
    assert by_address["elise@example.fr"].from_email.startswith('"Bocage Paysan"')
