"""Paying an order online: save the card at checkout, charge the final amount, refund.

An order's amount is final only after weighing and shortages, and orders are
placed up to three weeks ahead. So the card is saved at checkout (a Stripe
SetupIntent, the card holder present), then the final amount is charged
off-session when the order is final; if the bank wants the card holder to
authenticate, they get a link to our payment page, and the order shows unpaid
until they do. Stripe is never called inside a database transaction.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import stripe_gateway as gateway
from billing.payments import notify
from billing.payments.models import OrderPayment, Refund
from billing.payments.services.common import (
    PaymentRefused,
    application_fee,
    customer_for,
    key,
    online_account,
    order_metadata,
    sync_order,
)
from billing.payments.state import News, apply
from shop.money import quantize
from shop.orders.models import Order

S = OrderPayment.Status
MINIMUM_CHARGE = Decimal("0.50")  # Stripe's minimum in euros


def payment_update(payment: OrderPayment, news: News, **ids: str) -> OrderPayment:
    """Apply what we learnt about a payment (under lock) and keep its order in step."""
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
        changed = apply(payment, news)
        for field, value in ids.items():
            if value and not getattr(payment, field):
                setattr(payment, field, value)
                changed = True
        if changed:
            payment.save()
            sync_order(payment)
    return payment


# --- At checkout ---------------------------------------------------------------------------


def order_payment_start(*, order: Order) -> tuple[OrderPayment, str]:
    """The consumer chose to pay online: a SetupIntent to save their card.

    Returns the payment and the client secret for Stripe Elements (never stored).
    Asking again reuses the SetupIntent while it waits for a card.
    """
    if order.status != Order.Status.PLACED:
        raise PaymentRefused(_("This order is no longer live."))
    if paid_at_pickup(order):
        raise PaymentRefused(_("This order was paid at pickup."))
    account = online_account()
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is not None and payment.status not in (S.AWAITING_CARD, S.CANCELLED):
        return payment, ""
    customer = customer_for(order.customer, account)
    if payment is not None and payment.setup_intent_id and payment.account_id == account:
        intent = gateway.setup_intent_retrieve(payment.setup_intent_id, account=account)
        if intent.status in ("requires_payment_method", "requires_confirmation", "requires_action"):
            return _awaiting_card(order, account, customer, intent.id), intent.client_secret
    previous = payment.setup_intent_id if payment is not None else "first"
    intent = gateway.setup_intent_create(
        customer=customer,
        metadata=order_metadata(order),
        account=account,
        idempotency_key=key("order", order.pk, "setup", previous),
    )
    return _awaiting_card(order, account, customer, intent.id), intent.client_secret


def paid_at_pickup(order: Order) -> bool:
    """Money was already taken for the order at the pickup point (logistics' record)."""
    try:
        from shop.logistics.models import PickupPayment
    except ImportError:  # logistics not installed
        return False
    return PickupPayment.objects.filter(order_id=order.pk).exists()


def _awaiting_card(order: Order, account: str, customer: str, intent_id: str) -> OrderPayment:
    with transaction.atomic():
        payment, _created = OrderPayment.objects.select_for_update().get_or_create(
            order=order, defaults={"account_id": account}
        )
        if payment.status in (S.AWAITING_CARD, S.CANCELLED):
            payment.status = S.AWAITING_CARD
            payment.state_at = None
            payment.account_id = account
            payment.customer_id = customer
            payment.setup_intent_id = intent_id
            payment.save()
            sync_order(payment)
    return payment


def order_payment_card_saved(*, order: Order, setup_intent_id: str) -> OrderPayment:
    """Back from Stripe Elements: check with Stripe that the card is saved."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.setup_intent_id != setup_intent_id:
        raise PaymentRefused(_("This payment does not belong to this order."))
    intent = gateway.setup_intent_retrieve(setup_intent_id, account=payment.account_id)
    if intent.status != "succeeded":
        raise PaymentRefused(_("Your card is not saved yet; please try again."))
    return payment_update(
        payment,
        News(S.CARD_SAVED, timezone.now()),
        payment_method_id=intent.payment_method,
    )


def order_pay_at_pickup(*, order: Order) -> None:
    """The consumer changed their mind before being charged: they pay at pickup."""
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().filter(order=order).first()
        if payment is None:
            return
        if payment.status not in (S.AWAITING_CARD, S.CARD_SAVED):
            raise PaymentRefused(_("The payment of this order has already started."))
        payment.status = S.CANCELLED
        payment.state_at = None
        payment.save()
        sync_order(payment)


# --- When the order is final -------------------------------------------------------------


def order_charge_final(*, order: Order) -> OrderPayment | None:
    """Charge the order's final amount on the saved card, off-session.

    Charges at most once (a claim under lock, and an idempotency key naming
    the order and amount). Authentication asked by the bank → "authentication
    required" and the consumer is e-mailed a link; declined → "failed" and
    e-mailed too. A cancelled order's payment is cancelled, not charged.
    """
    order = Order.objects.get(pk=order.pk)
    payment = _claim(order)
    if payment is None:
        return OrderPayment.objects.filter(order=order).first()
    amount = order.total_incl_vat
    try:
        intent = gateway.payment_intent_charge_saved_card(
            amount=amount,
            customer=payment.customer_id,
            payment_method=payment.payment_method_id,
            metadata=order_metadata(order),
            account=payment.account_id,
            application_fee=application_fee(amount) or None,
            description=_("Order %(number)s") % {"number": order.number},
            idempotency_key=key("order", order.pk, "charge", gateway.to_cents(amount)),
        )
    except gateway.CardRefused as refused:
        status = S.NEEDS_ACTION if refused.needs_authentication else S.FAILED
        intent_id = refused.intent.id if refused.intent else ""
        payment = payment_update(
            payment,
            News(status, timezone.now(), failure_message=refused.message),
            payment_intent_id=intent_id,
        )
        notify.payment_needs_consumer(payment, failed=status == S.FAILED)
        return payment
    except (gateway.GatewayError, gateway.PaymentsNotConfigured) as error:
        _release_claim(payment, str(error))
        raise PaymentRefused(
            _("Stripe could not be reached; the charge will be retried.")
        ) from None
    return payment_update(
        payment,
        News(_intent_status(intent.status), timezone.now(), amount=intent.amount_received or None),
        payment_intent_id=intent.id,
    )


def _claim(order: Order) -> OrderPayment | None:
    """Take the right to charge: only a saved card not charged yet (or a stale claim)."""
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().filter(order=order).first()
        if payment is None:
            return None
        if order.status == Order.Status.CANCELLED and payment.status in (
            S.AWAITING_CARD,
            S.CARD_SAVED,
        ):
            payment.status = S.CANCELLED
            payment.save()
            sync_order(payment)
            return None
        stale_claim = payment.status == S.PROCESSING and not payment.payment_intent_id
        if payment.status != S.CARD_SAVED and not stale_claim:
            return None
        if paid_at_pickup(order):  # never twice: the depot keeper took the money
            payment.status = S.CANCELLED
            payment.failure_message = _("Paid at pickup.")
            payment.save()
            sync_order(payment)
            return None
        if order.total_incl_vat < MINIMUM_CHARGE:
            payment.status = S.CANCELLED
            payment.failure_message = _("Nothing to charge online.")
            payment.save()
            sync_order(payment)
            return None
        # No Stripe time: any news from Stripe about the charge overrides the claim.
        payment.status = S.PROCESSING
        payment.state_at = None
        payment.save()
        sync_order(payment)
    return payment


def _release_claim(payment: OrderPayment, message: str) -> None:
    with transaction.atomic():
        released = OrderPayment.objects.filter(
            pk=payment.pk, status=S.PROCESSING, payment_intent_id=""
        ).update(status=S.CARD_SAVED, failure_message=message[:300])
        if released:
            sync_order(OrderPayment.objects.get(pk=payment.pk))


def _intent_status(stripe_status: str) -> str:
    return {
        "succeeded": S.SUCCEEDED,
        "processing": S.PROCESSING,
        "requires_action": S.NEEDS_ACTION,
        "requires_payment_method": S.FAILED,
        "canceled": S.CANCELLED,
    }.get(stripe_status, S.PROCESSING)


def orders_to_charge(today: date):
    """Orders distributed before `today` (weights and shortages known), card saved, not charged."""
    return (
        OrderPayment.objects.filter(
            order__distribution__date__lt=today,
            status__in=(S.CARD_SAVED, S.PROCESSING),
            payment_intent_id="",
        )
        .select_related("order")
        .order_by("order__distribution__date", "pk")
    )


def charge_due_orders(*, today: date) -> dict[str, int]:
    """Charge every order due (see `orders_to_charge`); returns counts by outcome."""
    counts: dict[str, int] = {}
    for payment in orders_to_charge(today):
        try:
            result = order_charge_final(order=payment.order)
        except PaymentRefused:
            outcome = "retry"
        else:
            outcome = result.status if result is not None else "none"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


# --- The card holder completes a payment on our page -------------------------------------


def order_payment_completion(*, order: Order) -> tuple[OrderPayment, str]:
    """The client secret of the order's PaymentIntent, for the card holder to complete it."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.status not in (S.NEEDS_ACTION, S.FAILED):
        raise PaymentRefused(_("This order has no payment to complete."))
    intent = gateway.payment_intent_retrieve(payment.payment_intent_id, account=payment.account_id)
    return payment, intent.client_secret


def order_payment_returned(*, order: Order, payment_intent_id: str) -> OrderPayment:
    """Back from Stripe Elements after completing a payment: ask Stripe how it went."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.payment_intent_id != payment_intent_id:
        raise PaymentRefused(_("This payment does not belong to this order."))
    intent = gateway.payment_intent_retrieve(payment_intent_id, account=payment.account_id)
    return payment_update(
        payment,
        News(
            _intent_status(intent.status),
            timezone.now(),
            amount=intent.amount_received or None,
            failure_message=intent.error_message,
        ),
    )


# --- Refunds ---------------------------------------------------------------------------------


def order_refund(*, order: Order, amount: Decimal, reason: str, by=None, note: str = "") -> Refund:
    """Refund part or all of what the consumer paid online (shortage, cancellation…)."""
    amount = Decimal(amount)
    if amount <= 0 or quantize(amount) != amount:
        raise PaymentRefused(_("Give an amount in euros and cents, above zero."))
    if reason not in Refund.Reason.values:
        raise PaymentRefused(_("Choose why you refund."))
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.status not in (S.SUCCEEDED, S.REFUNDED):
        raise PaymentRefused(_("This order was not paid online."))
    if amount > payment.refundable:
        raise PaymentRefused(
            _("At most %(amount)s € can be refunded.")
            % {"amount": f"{payment.refundable:.2f}".replace(".", ",")}
        )
    count = payment.refunds.count()
    try:
        result = gateway.refund_create(
            payment_intent=payment.payment_intent_id,
            amount=amount,
            metadata={**order_metadata(order), "reason": reason},
            account=payment.account_id,
            idempotency_key=key("order", order.pk, "refund", count, gateway.to_cents(amount)),
        )
    except gateway.GatewayError as error:
        raise PaymentRefused(_("Stripe refused the refund: %(error)s") % {"error": error}) from None
    with transaction.atomic():
        refund, _created = Refund.objects.get_or_create(
            stripe_refund_id=result.id,
            defaults={
                "payment": payment,
                "amount": result.amount,
                "reason": reason,
                "note": note[:300],
                "status": result.status,
                "by": by,
            },
        )
        refunded = sum(
            (r.amount for r in payment.refunds.exclude(status__in=("failed", "canceled"))),
            Decimal("0.00"),
        )
    payment_update(payment, News(None, timezone.now(), amount_refunded=refunded))
    return refund


def order_refund_shortages(*, order: Order, by=None) -> Refund | None:
    """Refund what was charged above the order's final amount (after shortages)."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None:
        return None
    order = Order.objects.get(pk=order.pk)
    excess = payment.net_paid - order.total_incl_vat
    if order.status == Order.Status.CANCELLED:
        excess = payment.net_paid
    if excess <= 0:
        return None
    reason = (
        Refund.Reason.CANCELLATION
        if order.status == Order.Status.CANCELLED
        else Refund.Reason.SHORTAGE
    )
    return order_refund(order=order, amount=excess, reason=reason, by=by)


# --- The consumer's payment page --------------------------------------------------------


@dataclass(frozen=True)
class PaymentPage:
    payment: OrderPayment | None
    client_secret: str = ""
    mode: str = ""  # "setup": save a card; "payment": complete a payment; "": nothing to do


def order_payment_page(*, order: Order) -> PaymentPage:
    """What the consumer's payment page offers for `order` now."""
    payment = OrderPayment.objects.filter(order=order).first()
    if payment is None or payment.status in (S.AWAITING_CARD, S.CANCELLED):
        payment, secret = order_payment_start(order=order)
        return PaymentPage(payment, secret, "setup" if secret else "")
    if payment.status in (S.NEEDS_ACTION, S.FAILED) and payment.payment_intent_id:
        payment, secret = order_payment_completion(order=order)
        return PaymentPage(payment, secret, "payment")
    return PaymentPage(payment)
