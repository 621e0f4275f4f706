"""When orders open for a new cycle, consumers hear of it once."""

from datetime import datetime, timedelta

import time_machine
from django.core import mail

from shop.demo.factories import make_cycle
from shop.members.models import Profile
from shop.messaging.announcements import announce_open_cycles

from .conftest import DEADLINE, OPENS, make_week, sent_to


def announce_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return announce_open_cycles()


def test_consumers_hear_once_that_orders_are_open(week, chloe, hugo):
    assert announce_at(OPENS + timedelta(minutes=5)) == 2
    assert announce_at(OPENS + timedelta(minutes=20)) == 0
    assert sent_to(mail.outbox) == ["chloe@example.fr", "hugo@example.org"]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_old_news_is_not_sent(week, chloe):
    assert announce_at(OPENS + timedelta(days=3)) == 0


def test_opted_out_consumer_hears_nothing(week, chloe):
    Profile.objects.create(user=chloe, reminders_opt_out=True)
    assert announce_at(OPENS + timedelta(minutes=5)) == 0


def test_two_cycles_opening_together_make_one_email(in_panier, chloe):
    week = make_week()
    later = make_cycle([week.point], opens_at=OPENS, closes_at=DEADLINE + timedelta(weeks=1))
    later.offer_items.create(variant=week.carrots)
    assert announce_at(OPENS + timedelta(minutes=5)) == 1
    assert week.cycle.name in mail.outbox[0].body and later.name in mail.outbox[0].body
