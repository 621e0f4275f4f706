"""Who the collective may write to, as querysets (one query however many people)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from groupage.accounts.models import Role, User
from shop.members.models import ProfessionalAccount
from shop.messaging.models import Message, NewsOptOut
from shop.orders.models import Order

# Orders that count as "ordered" (a cancelled order does not).
LIVE_ORDER = (Order.Status.PLACED, Order.Status.COLLECTED)
# A consumer "of" a pickup point: it is their usual one, or they ordered there lately.
RECENT_ORDER_DAYS = 120


def reachable(users: QuerySet) -> QuerySet:
    """Active accounts with a verified address (the others cannot even sign in)."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return users.filter(is_active=True).filter(Exists(verified))


def consumers() -> QuerySet:
    return reachable(User.objects.filter(role=Role.CONSUMER))


def reminder_audience(cycle) -> QuerySet:
    """Consumers who have not ordered in `cycle` and accept reminders."""
    ordered = Order.objects.filter(customer=OuterRef("pk"), cycle=cycle, status__in=LIVE_ORDER)
    return consumers().exclude(Exists(ordered)).exclude(profile__reminders_opt_out=True)


def segment_audience(segment: str, point=None, *, now=None) -> QuerySet:
    """The recipients of a collective message. Consumers who said "no more news"
    are left out; producers, as members of the collective, always get them."""
    if segment == Message.Segment.PRODUCERS:
        return reachable(User.objects.filter(role=Role.PRODUCER))
    if segment == Message.Segment.CONSUMERS:
        users = consumers()
    elif segment == Message.Segment.PROFESSIONALS:
        approved = ProfessionalAccount.objects.filter(
            user=OuterRef("pk"), status=ProfessionalAccount.Status.APPROVED
        )
        users = consumers().filter(Exists(approved))
    elif segment == Message.Segment.POINT:
        since = (now or timezone.now()) - timedelta(days=RECENT_ORDER_DAYS)
        ordered_there = Order.objects.filter(
            customer=OuterRef("pk"),
            pickup_point=point,
            status__in=LIVE_ORDER,
            placed_at__gte=since,
        )
        users = consumers().filter(Q(profile__default_pickup_point=point) | Exists(ordered_there))
    else:
        raise ValueError(f"unknown segment {segment!r}")
    opted_out = NewsOptOut.objects.filter(user=OuterRef("pk"))
    return users.exclude(Exists(opted_out))
