"""Reads of consumers' payments: what is still due at pickup, one order's payment."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from billing.payments.membership import current_year
from billing.payments.models import Membership, OrderPayment
from shop.cycles.models import Distribution
from shop.money import ZERO
from shop.orders.models import Order

S = OrderPayment.Status
CHARGED_LATER = (S.CARD_SAVED, S.PROCESSING)


@dataclass
class Due:
    order: Order
    payment: OrderPayment | None
    paid_online: Decimal
    due: Decimal  # to take at pickup for the order
    online_later: bool  # the card will be charged after the distribution
    membership: Membership | None  # this year's membership still to take

    @property
    def total_due(self) -> Decimal:
        return self.due + (self.membership.amount if self.membership else ZERO)


def due_of(order: Order, payment: OrderPayment | None) -> tuple[Decimal, Decimal, bool]:
    """(paid online, due at pickup, charged online later) for one order."""
    if payment is None or payment.status in (S.CANCELLED, S.AWAITING_CARD):
        return ZERO, order.total_incl_vat, False
    if payment.status in CHARGED_LATER:
        return ZERO, ZERO, True
    if payment.status in (S.SUCCEEDED, S.REFUNDED):
        return payment.net_paid, max(order.total_incl_vat - payment.net_paid, ZERO), False
    return ZERO, order.total_incl_vat, False  # authentication required or failed


def _distributions_seen_by(user):
    distributions = Distribution.objects.select_related("pickup_point", "cycle")
    if not user.is_collective_admin:  # a depot keeper sees their own points only
        distributions = distributions.filter(pickup_point__keepers=user)
    return distributions


def distributions_for_dues(user, limit: int = 30):
    return _distributions_seen_by(user).order_by("-date", "pickup_point__name")[:limit]


def get_distribution_for(user, distribution_id: int) -> Distribution:
    """404 alike for an absent distribution and one of another keeper's point."""
    distribution = _distributions_seen_by(user).filter(pk=distribution_id).first()
    if distribution is None:
        raise Http404
    return distribution


def dues_for_distribution(distribution: Distribution) -> list[Due]:
    """The pickup list's money column: each live order and what to take for it (2 queries)."""
    orders = list(
        Order.objects.filter(distribution=distribution, status=Order.Status.PLACED)
        .select_related("customer", "online_payment")
        .order_by("customer__last_name", "customer__first_name", "number")
    )
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            year=current_year(),
            status=Membership.Status.DUE,
            user_id__in=[o.customer_id for o in orders],
        )
    }
    rows = []
    for order in orders:
        payment = getattr(order, "online_payment", None)
        paid, due, later = due_of(order, payment)
        rows.append(Due(order, payment, paid, due, later, memberships.get(order.customer_id)))
    return rows


def payment_of(order: Order) -> OrderPayment | None:
    return OrderPayment.objects.filter(order=order).prefetch_related("refunds").first()
