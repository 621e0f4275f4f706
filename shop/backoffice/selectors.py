"""Reads for the back-office pages: each returns what its page shows, in a fixed
number of queries whatever the number of rows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from groupage.accounts.models import Role, User
from shop.catalogue.models import Producer, Product
from shop.cycles.models import CycleSchedule, Distribution, OrderCycle
from shop.members.models import ProfessionalAccount
from shop.pickup.models import PickupPoint


def producer_list(*, search: str = "", active: bool | None = None) -> QuerySet[Producer]:
    """Producers by farm name, with their account and their number of active products."""
    producers = Producer.objects.select_related("user").annotate(
        active_products=Count("products", filter=Q(products__active=True))
    )
    if search:
        producers = producers.filter(
            Q(name__icontains=search) | Q(farm_name__icontains=search) | Q(city__icontains=search)
        )
    if active is not None:
        producers = producers.filter(active=active)
    return producers.order_by("farm_name", "pk")


def pickup_point_list() -> QuerySet[PickupPoint]:
    return PickupPoint.objects.prefetch_related(
        Prefetch("keepers", queryset=User.objects.order_by("first_name", "email"))
    ).order_by("position", "name")


def depot_keepers() -> QuerySet[User]:
    return User.objects.filter(role=Role.DEPOT_KEEPER).order_by("first_name", "last_name", "email")


def _cycles() -> QuerySet[OrderCycle]:
    return OrderCycle.objects.select_related("schedule").prefetch_related(
        Prefetch(
            "distributions",
            queryset=Distribution.objects.select_related("pickup_point").order_by(
                "date", "pickup_point__position", "pickup_point__name"
            ),
        )
    )


def cycles_upcoming(*, now: datetime) -> QuerySet[OrderCycle]:
    """Cycles not open yet, soonest first."""
    return _cycles().filter(closed_at__isnull=True, opens_at__gt=now).order_by("opens_at", "pk")


def cycles_open(*, now: datetime) -> QuerySet[OrderCycle]:
    """Cycles taking orders now, by deadline."""
    return (
        _cycles()
        .filter(closed_at__isnull=True, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "pk")
    )


def cycles_closed(*, now: datetime) -> QuerySet[OrderCycle]:
    """Cycles past their deadline, latest first (a page at a time: history grows)."""
    return (
        _cycles()
        .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))
        .order_by("-closes_at", "-pk")
    )


def schedule_list() -> QuerySet[CycleSchedule]:
    return CycleSchedule.objects.order_by("-active", "closes_weekday", "closes_time", "pk")


def active_pickup_points() -> QuerySet[PickupPoint]:
    return PickupPoint.objects.filter(active=True).order_by("position", "name")


def member_list(*, search: str = "", role: str = "") -> QuerySet[User]:
    members = User.objects.select_related("professional", "producer")
    if search:
        members = members.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
            | Q(professional__company_name__icontains=search)
        )
    if role:
        members = members.filter(role=role)
    return members.order_by("last_name", "first_name", "email", "pk")


def professionals_awaiting() -> QuerySet[ProfessionalAccount]:
    return (
        ProfessionalAccount.objects.filter(status=ProfessionalAccount.Status.PENDING)
        .select_related("user")
        .order_by("requested_at", "pk")
    )


@dataclass(frozen=True)
class Overview:
    producers: int
    active_products: int
    pickup_points: int
    open_cycles: int
    professionals_awaiting: int


def overview(*, now: datetime) -> Overview:
    return Overview(
        producers=Producer.objects.filter(active=True).count(),
        active_products=Product.objects.filter(active=True, producer__active=True).count(),
        pickup_points=PickupPoint.objects.filter(active=True).count(),
        open_cycles=cycles_open(now=now).count(),
        professionals_awaiting=professionals_awaiting().count(),
    )
