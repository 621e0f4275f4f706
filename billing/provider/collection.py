"""Collecting the provider's invoices: the collective's card, or a bank transfer.

The collective is a customer of the platform's own Stripe account (not its
Connect account). Its admin saves a card once (SetupIntent); each invoice is
then charged off-session. A refused card leaves the invoice open, for the
admin to pay from the subscription page (authenticating if the bank asks),
and the dunning rules (`billing.provider.dunning`) apply. Paying every
overdue invoice gives the shop back to consumers at once.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import stripe_gateway as gateway
from billing.models import Subscription
from billing.provider.access import subscription_refresh_access
from billing.provider.models import ProviderInvoice


class CollectionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _subscription(collective) -> Subscription:
    subscription = (
        Subscription.objects.select_related("collective").filter(collective=collective).first()
    )
    if subscription is None:
        raise CollectionRefused(_("No plan is set up for this collective yet."))
    return subscription


def _metadata(collective, **extra) -> dict:
    return {"collective": str(collective.pk), "schema": collective.schema_name, **extra}


def _customer(subscription: Subscription) -> str:
    if subscription.stripe_customer_id:
        return subscription.stripe_customer_id
    collective = subscription.collective
    customer = gateway.customer_create(
        email=collective.contact_email,
        name=collective.legal_name or collective.name,
        metadata=_metadata(collective),
        idempotency_key=f"provider:customer:{collective.pk}",
    )
    Subscription.objects.filter(pk=subscription.pk, stripe_customer_id="").update(
        stripe_customer_id=customer
    )
    subscription.refresh_from_db()
    return subscription.stripe_customer_id


def billing_card_setup(*, collective) -> str:
    """A SetupIntent for the collective's card; returns its client secret (never stored)."""
    subscription = _subscription(collective)
    intent = gateway.setup_intent_create(
        customer=_customer(subscription),
        metadata=_metadata(collective, kind="subscription"),
        idempotency_key=f"provider:setup:{collective.pk}:{timezone.now():%Y%m%d%H%M}",
    )
    return intent.client_secret


def billing_card_saved(*, collective, setup_intent_id: str) -> Subscription:
    """Back from Stripe: the card is the collective's way of paying from now on."""
    subscription = _subscription(collective)
    intent = gateway.setup_intent_retrieve(setup_intent_id)
    if intent.customer != subscription.stripe_customer_id or intent.status != "succeeded":
        raise CollectionRefused(_("The card could not be saved; please try again."))
    return _use_card(subscription, intent.payment_method)


def _use_card(subscription: Subscription, payment_method: str) -> Subscription:
    Subscription.objects.filter(pk=subscription.pk).update(
        payment_method_id=payment_method, collection="stripe"
    )
    subscription.refresh_from_db()
    return subscription


def billing_transfer_choose(*, collective) -> Subscription:
    subscription = _subscription(collective)
    Subscription.objects.filter(pk=subscription.pk).update(collection="transfer")
    subscription.refresh_from_db()
    return subscription


def provider_invoice_collect(*, invoice: ProviderInvoice) -> ProviderInvoice:
    """Charge an open invoice on the collective's saved card (off-session)."""
    invoice.refresh_from_db()
    subscription = Subscription.objects.select_related("collective").get(
        collective_id=invoice.collective_id
    )
    if invoice.status != ProviderInvoice.Status.OPEN or not subscription.payment_method_id:
        return invoice
    try:
        intent = gateway.payment_intent_charge_saved_card(
            amount=invoice.total_incl_vat,
            customer=_customer(subscription),
            payment_method=subscription.payment_method_id,
            metadata=_metadata(invoice.collective, kind="provider_invoice", invoice=invoice.number),
            description=_("Invoice %(number)s") % {"number": invoice.number},
            idempotency_key=f"provider:invoice:{invoice.number}:{subscription.payment_method_id}",
        )
    except gateway.CardRefused as refused:
        ProviderInvoice.objects.filter(pk=invoice.pk).update(
            payment_error=refused.message[:300],
            payment_intent_id=refused.intent.id if refused.intent else invoice.payment_intent_id,
        )
    except gateway.GatewayError as error:
        ProviderInvoice.objects.filter(pk=invoice.pk).update(payment_error=str(error)[:300])
    else:
        ProviderInvoice.objects.filter(pk=invoice.pk).update(payment_intent_id=intent.id)
        if intent.status == "succeeded":
            provider_invoice_mark_paid(invoice=invoice, reference=intent.id)
    invoice.refresh_from_db()
    return invoice


def provider_invoice_pay_start(*, invoice: ProviderInvoice) -> str:
    """A PaymentIntent the collective's admin confirms now (card entered or authenticated)."""
    if invoice.status != ProviderInvoice.Status.OPEN:
        raise CollectionRefused(_("This invoice is already paid."))
    subscription = Subscription.objects.select_related("collective").get(
        collective_id=invoice.collective_id
    )
    if invoice.payment_intent_id:
        intent = gateway.payment_intent_retrieve(invoice.payment_intent_id)
        if intent.status not in ("succeeded", "canceled"):
            return intent.client_secret
    intent = gateway.payment_intent_create(
        amount=invoice.total_incl_vat,
        customer=_customer(subscription),
        metadata=_metadata(invoice.collective, kind="provider_invoice", invoice=invoice.number),
        description=_("Invoice %(number)s") % {"number": invoice.number},
        idempotency_key=f"provider:invoice:{invoice.number}:now:{invoice.payment_intent_id}",
    )
    ProviderInvoice.objects.filter(pk=invoice.pk).update(payment_intent_id=intent.id)
    return intent.client_secret


def provider_invoice_returned(
    *, invoice: ProviderInvoice, payment_intent_id: str
) -> ProviderInvoice:
    if payment_intent_id != invoice.payment_intent_id:
        raise CollectionRefused(_("This payment is not for this invoice."))
    intent = gateway.payment_intent_retrieve(payment_intent_id)
    if intent.status == "succeeded":
        provider_invoice_mark_paid(invoice=invoice, reference=intent.id)
    invoice.refresh_from_db()
    return invoice


def provider_invoice_mark_paid(
    *, invoice: ProviderInvoice, reference: str, by: str = "stripe", at: datetime | None = None
) -> bool:
    """Record the payment (card or transfer); the shop reopens if nothing else is overdue."""
    with transaction.atomic():
        invoice = ProviderInvoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == ProviderInvoice.Status.PAID:
            return False
        invoice.status = ProviderInvoice.Status.PAID
        invoice.paid_at = at or timezone.now()
        invoice.paid_reference = reference[:100]
        invoice.payment_error = ""
        invoice.save(update_fields=["status", "paid_at", "paid_reference", "payment_error"])
        _audit(invoice, by)
        subscription_refresh_access(collective_id=invoice.collective_id)
    return True


def _audit(invoice: ProviderInvoice, by: str) -> None:
    from maintenance.models import AuditEntry

    AuditEntry.objects.create(
        collective_id=invoice.collective_id,
        actor=by,
        action="provider_invoice_paid",
        detail={"invoice": invoice.number, "reference": invoice.paid_reference},
    )


def platform_event(event: dict) -> str:
    """Stripe's news on the platform's own account: invoices and saved cards of collectives."""
    obj = event["data"]["object"]
    metadata = obj.get("metadata") or {}
    kind = event["type"]
    if metadata.get("kind") == "provider_invoice":
        invoice = ProviderInvoice.objects.filter(number=metadata.get("invoice", "")).first()
        if invoice is None:
            return "ignored: unknown invoice"
        if kind == "payment_intent.succeeded":
            paid = provider_invoice_mark_paid(invoice=invoice, reference=obj["id"])
            return "invoice paid" if paid else "invoice already paid"
        if kind == "payment_intent.payment_failed":
            error = (obj.get("last_payment_error") or {}).get("message", "")
            ProviderInvoice.objects.filter(pk=invoice.pk, status="open").update(
                payment_error=error[:300]
            )
            return "invoice payment failed"
        return "ignored: not used"
    if metadata.get("kind") == "subscription" and kind == "setup_intent.succeeded":
        subscription = Subscription.objects.filter(stripe_customer_id=obj.get("customer")).first()
        if subscription is None:
            return "ignored: unknown customer"
        _use_card(subscription, obj.get("payment_method") or "")
        return "card saved"
    return "ignored: not used"
