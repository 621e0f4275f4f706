"""What every payment service needs: the collective's account, its customers, the fee."""

from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from billing import stripe_gateway as gateway
from billing.payments.models import OrderPayment, PaymentCustomer, PaymentSettings
from shop.money import quantize
from shop.orders.models import Order


class PaymentRefused(Exception):
    """A payment action cannot be done; `message` says why, for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def schema() -> str:
    return connection.schema_name


def key(*parts) -> str:
    """An idempotency key unique across collectives: the same action twice is one action."""
    return ":".join(str(part) for part in (schema(), *parts))


def online_account() -> str:
    """The collective's Stripe account, when consumers may pay online; else refused."""
    settings_row = PaymentSettings.load()
    if not settings_row.online_ready or not gateway.is_configured():
        raise PaymentRefused(_("Online payment is not available in this shop."))
    return settings_row.connected_account_id


def customer_for(user, account: str) -> str:
    """The user as a customer of the collective's Stripe account (made once)."""
    existing = PaymentCustomer.objects.filter(user=user, account_id=account).first()
    if existing is not None:
        return existing.customer_id
    customer_id = gateway.customer_create(
        email=user.email,
        name=user.get_full_name(),
        metadata={"schema": schema(), "user": str(user.pk)},
        account=account,
        idempotency_key=key("customer", user.pk, account),
    )
    row, _created = PaymentCustomer.objects.get_or_create(
        user=user, account_id=account, defaults={"customer_id": customer_id}
    )
    return row.customer_id


def application_fee(amount: Decimal) -> Decimal:
    """The platform's share of an online payment, by the collective's plan (0 if none)."""
    from billing.models import Subscription

    subscription = (
        Subscription.objects.filter(collective_id=connection.tenant.pk)
        .select_related("plan")
        .first()
    )
    if subscription is None or not subscription.plan.application_fee_percent:
        return Decimal("0.00")
    return quantize(amount * subscription.plan.application_fee_percent / 100)


def order_metadata(order: Order) -> dict:
    return {"kind": "order", "schema": schema(), "order": order.number}


def sync_order(payment: OrderPayment) -> None:
    """The order's payment status follows its payment, in the same transaction."""
    from billing.payments.state import order_payment_status

    Order.objects.filter(pk=payment.order_id).update(payment_status=order_payment_status(payment))
