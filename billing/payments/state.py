"""The state machine of an online payment, and the order's payment status it implies.

Stripe's webhooks arrive late, twice, or out of order. The rules, so that any
sequence of deliveries ends in the same state as the true one:

- states have a rank: waiting for the card < card saved < being charged
  (processing, authentication required, failed) < final (paid, cancelled);
- a news of a higher rank always applies; of a lower rank never (a paid
  payment never goes back to "processing");
- within the "being charged" rank the states can follow one another in any
  direction (failed → retried → processing), so the newest news wins,
  compared on Stripe's `created` time, then on a fixed order for ties;
- refunds only add up: the amount refunded is the largest Stripe reported,
  and a paid payment refunded in full is "refunded";
- a refund's own status (orders' and memberships' refunds alike) only moves
  forward, except that a refund that succeeded can still fail (a closed card).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from billing.payments.models import OrderPayment
from shop.orders.models import Order

S = OrderPayment.Status

# Stripe's events about a refund; where a refund's status may go from each one.
REFUND_EVENTS = ("refund.created", "refund.updated", "refund.failed", "charge.refund.updated")
_REFUND_NEXT = {
    "": {"pending", "requires_action", "succeeded", "failed", "canceled"},
    "pending": {"requires_action", "succeeded", "failed", "canceled"},
    "requires_action": {"pending", "succeeded", "failed", "canceled"},
    "succeeded": {"failed"},
}


def refund_moves_forward(current: str, new: str) -> bool:
    return new in _REFUND_NEXT.get(current, set())


RANK = {
    S.AWAITING_CARD: 0,
    S.CARD_SAVED: 1,
    S.PROCESSING: 2,
    S.NEEDS_ACTION: 2,
    S.FAILED: 2,
    S.SUCCEEDED: 3,
    S.REFUNDED: 3,
    S.CANCELLED: 3,
}
# Ties within a rank at the same second: the usual order of things.
TIE_ORDER = {S.PROCESSING: 0, S.NEEDS_ACTION: 1, S.FAILED: 2}

ORDER_STATUS = {
    # No card saved (yet): the order is paid at pickup unless the consumer comes back.
    S.AWAITING_CARD: Order.PaymentStatus.AT_PICKUP,
    S.CARD_SAVED: Order.PaymentStatus.PENDING,
    S.PROCESSING: Order.PaymentStatus.PENDING,
    # Not paid: the admin sees it unpaid until the card holder acts.
    S.NEEDS_ACTION: Order.PaymentStatus.FAILED,
    S.FAILED: Order.PaymentStatus.FAILED,
    S.SUCCEEDED: Order.PaymentStatus.PAID,
    S.REFUNDED: Order.PaymentStatus.REFUNDED,
    S.CANCELLED: Order.PaymentStatus.AT_PICKUP,
}


@dataclass(frozen=True)
class News:
    """Something Stripe says about the payment, as of `at`."""

    status: str | None
    at: datetime
    amount: Decimal | None = None
    amount_refunded: Decimal | None = None
    failure_message: str = ""


def _base(status: str) -> str:
    return S.SUCCEEDED if status == S.REFUNDED else status


def moves_forward(current: str, current_at: datetime | None, new: str, new_at: datetime) -> bool:
    current, new = _base(current), _base(new)
    if RANK[new] != RANK[current]:
        return RANK[new] > RANK[current]
    if RANK[new] != 2:
        return False  # the same final or waiting state: nothing newer to learn
    # Being charged: a newer news wins, even of the same state (it dates the state).
    if current_at is None:
        return True
    return (new_at, TIE_ORDER[new]) > (current_at, TIE_ORDER[current])


def apply(payment: OrderPayment, news: News) -> bool:
    """Apply `news` to `payment` in memory; True when anything changed."""
    before = (payment.status, payment.amount, payment.amount_refunded, payment.state_at)
    if news.amount is not None and news.amount > payment.amount:
        payment.amount = news.amount
    if news.amount_refunded is not None and news.amount_refunded > payment.amount_refunded:
        payment.amount_refunded = news.amount_refunded
    if news.status and moves_forward(payment.status, payment.state_at, news.status, news.at):
        payment.status = news.status
        payment.state_at = news.at
        payment.failure_message = news.failure_message[:300]
    if _base(payment.status) == S.SUCCEEDED:
        refunded_in_full = payment.amount > 0 and payment.amount_refunded >= payment.amount
        payment.status = S.REFUNDED if refunded_in_full else S.SUCCEEDED
    return before != (payment.status, payment.amount, payment.amount_refunded, payment.state_at)


def order_payment_status(payment: OrderPayment) -> str:
    return ORDER_STATUS[payment.status]
