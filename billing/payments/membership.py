"""The yearly membership (adhésion) a collective may ask before a first order.

A membership covers a calendar year, in the collective's time zone. The
consumer pays it online (a PaymentIntent on the collective's account, card
holder present) or promises to pay it at pickup, which lets them order; the
depot keeper or an admin then records the payment. Each January, last year's
members get one reminder to renew.
"""

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import mail
from billing import stripe_gateway as gateway
from billing.payments.models import Membership, PaymentSettings
from billing.payments.services.common import (
    PaymentRefused,
    application_fee,
    customer_for,
    key,
    online_account,
    schema,
)
from billing.payments.state import REFUND_EVENTS, refund_moves_forward

logger = logging.getLogger(__name__)


def current_year(now: datetime | None = None) -> int:
    return timezone.localtime(now or timezone.now(), connection.tenant.zone).year


def membership_of(user, year: int | None = None) -> Membership | None:
    return Membership.objects.filter(user=user, year=year or current_year()).first()


def membership_needed(user) -> bool:
    """The collective asks a membership and this user has none that lets them order."""
    if not user.is_authenticated or user.is_collective_admin:
        return False
    if not PaymentSettings.load().membership_required:
        return False
    membership = membership_of(user)
    return membership is None or not membership.lets_order


def membership_promise(*, user) -> Membership:
    """The consumer will pay this year's membership at pickup."""
    amount = PaymentSettings.load().membership_amount
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(
            user=user, year=current_year(), defaults={"amount": amount}
        )
        if membership.status in (Membership.Status.PENDING, Membership.Status.CANCELLED):
            membership.status = Membership.Status.DUE
            membership.save(update_fields=["status"])
    return membership


def membership_pay_online(*, user) -> tuple[Membership, str]:
    """A PaymentIntent for this year's membership; returns the client secret for Elements."""
    account = online_account()
    year = current_year()
    existing = membership_of(user, year)
    if existing is not None and existing.status == Membership.Status.PAID:
        raise PaymentRefused(_("Your membership for %(year)s is already paid.") % {"year": year})
    amount = existing.amount if existing is not None else PaymentSettings.load().membership_amount
    if existing is not None and existing.payment_intent_id:
        intent = gateway.payment_intent_retrieve(existing.payment_intent_id, account=account)
        if intent.status not in ("succeeded", "canceled"):
            return existing, intent.client_secret
    intent = gateway.payment_intent_create(
        amount=amount,
        customer=customer_for(user, account),
        metadata={"kind": "membership", "schema": schema(), "year": str(year)},
        account=account,
        application_fee=application_fee(amount) or None,
        description=_("Membership %(year)s") % {"year": year},
        idempotency_key=key(
            "membership", user.pk, year, existing.payment_intent_id if existing else ""
        ),
    )
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(
            user=user, year=year, defaults={"amount": amount, "status": Membership.Status.PENDING}
        )
        if membership.status != Membership.Status.PAID:
            membership.payment_intent_id = intent.id
            if membership.status != Membership.Status.DUE:
                membership.status = Membership.Status.PENDING
            membership.save(update_fields=["payment_intent_id", "status"])
    return membership, intent.client_secret


def membership_returned(*, user, payment_intent_id: str) -> Membership:
    """Back from Stripe Elements: ask Stripe whether the membership is paid."""
    membership = Membership.objects.filter(user=user, payment_intent_id=payment_intent_id).first()
    if membership is None:
        raise PaymentRefused(_("This payment is not your membership."))
    intent = gateway.payment_intent_retrieve(
        payment_intent_id, account=PaymentSettings.load().connected_account_id
    )
    if intent.status == "succeeded":
        _mark_paid(membership.pk, Membership.Mode.ONLINE, by=None)
    membership.refresh_from_db()
    return membership


def membership_record_payment(*, membership: Membership, mode: str, by) -> Membership:
    """An admin or depot keeper took the membership fee at pickup."""
    if mode not in (Membership.Mode.CASH, Membership.Mode.CHEQUE, Membership.Mode.CARD_TERMINAL):
        raise PaymentRefused(_("Choose how the membership was paid."))
    _mark_paid(membership.pk, mode, by=by)
    membership.refresh_from_db()
    return membership


def memberships_due(user_ids, year: int | None = None) -> dict[int, Membership]:
    """This year's memberships promised at pickup and not paid yet, by member."""
    due = Membership.objects.filter(
        user_id__in=user_ids, year=year or current_year(), status=Membership.Status.DUE
    )
    return {membership.user_id: membership for membership in due}


def membership_record_at_pickup(
    *, user, mode: str, by, distribution, year: int | None = None
) -> bool:
    """The depot keeper took `user`'s membership fee for `year` (this year by
    default) at `distribution` (its statement counts it in the till); False if
    it was paid already (the same tap sent twice by a phone back online)."""
    if mode not in (Membership.Mode.CASH, Membership.Mode.CHEQUE, Membership.Mode.CARD_TERMINAL):
        raise PaymentRefused(_("Choose how the membership was paid."))
    membership = membership_of(user, year)
    if membership is None:
        raise PaymentRefused(_("This member has no membership to pay at pickup."))
    return _mark_paid(
        membership.pk, mode, by=by, payable=(Membership.Status.DUE,), taken_at=distribution
    )


def _mark_paid(membership_id: int, mode: str, *, by, payable=None, taken_at=None) -> bool:
    """Paid, once: False if it was already. `payable` narrows the statuses it may
    be paid from, checked under the row's lock (a cancellation may come first)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership_id)
        if (
            payable is not None
            and membership.status == Membership.Status.PAID
            and membership.mode == Membership.Mode.ONLINE
        ):  # the card went through first: the money taken at pickup goes back
            raise PaymentRefused(_("This membership was paid online already: give the money back."))
        if membership.status == Membership.Status.PAID:
            return False
        if payable is not None and membership.status not in payable:
            raise PaymentRefused(_("This member has no membership to pay at pickup."))
        membership.status = Membership.Status.PAID
        membership.mode = mode
        membership.paid_at = timezone.now()
        membership.recorded_by = by
        membership.taken_at = taken_at
        membership.save(update_fields=["status", "mode", "paid_at", "recorded_by", "taken_at"])
    return True


def membership_event(kind: str, obj: dict, at) -> str:
    """Stripe's news about a membership's PaymentIntent (idempotent: paid stays paid)
    or about the refund of a card payment made too."""
    if kind in REFUND_EVENTS:
        if _refund_status(obj["id"], obj.get("status", "")):
            return "membership card refund updated"
        return "ignored: unknown membership refund"
    membership = Membership.objects.filter(payment_intent_id=obj["id"]).first()
    if membership is None:
        return "ignored: unknown membership"
    if kind == "payment_intent.succeeded":
        if _mark_paid(membership.pk, Membership.Mode.ONLINE, by=None):
            return "membership paid"
        membership.refresh_from_db()
        if membership.mode != Membership.Mode.ONLINE:
            return _refund_card_paid_too(membership, obj)
        return "membership already paid"
    return "ignored: membership not paid yet"


def _refund_card_paid_too(membership: Membership, intent: dict) -> str:
    """An online payment left pending went through after the member paid at
    pickup: the card payment is refunded in full (once, whatever Stripe resends)."""
    cents = intent.get("amount_received") or intent.get("amount") or 0
    try:
        refund = gateway.refund_create(
            payment_intent=intent["id"],
            amount=gateway.from_cents(cents),
            metadata={"kind": "membership", "schema": schema(), "reason": "paid_at_pickup"},
            account=PaymentSettings.load().connected_account_id or None,
            idempotency_key=key("membership", membership.pk, "refund", intent["id"]),
        )
    except gateway.GatewayError:
        logger.exception("Membership %s paid twice: the card refund failed", membership.pk)
        raise  # the event is kept as failed, to be processed again (billing.events)
    Membership.objects.filter(pk=membership.pk, card_refund_asked_at=None).update(
        card_refund_asked_at=timezone.now(), card_refund_id=refund.id
    )
    _refund_status(refund.id, refund.status)
    logger.warning("Membership %s paid at pickup and by card: card refunded", membership.pk)
    return "membership already paid at pickup: card payment refunded"


def _refund_status(refund_id: str, status: str) -> bool:
    """Record a membership refund's status if it moves forward; False if unknown."""
    if not refund_id:
        return False
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(card_refund_id=refund_id).first()
        if membership is None:
            return False
        if refund_moves_forward(membership.card_refund_status, status):
            membership.card_refund_status = status
            membership.save(update_fields=["card_refund_status"])
    return True


def members(year: int):
    """The members list of a year, with who they are (one query)."""
    return Membership.objects.filter(year=year).select_related("user", "recorded_by")


def renewal_reminders(*, now: datetime | None = None) -> int:
    """Remind last year's members who have not renewed (once a year each)."""
    settings_row = PaymentSettings.load()
    if not settings_row.membership_required:
        return 0
    from shop.messaging.emails import site_url

    year = current_year(now)
    renewed = Membership.objects.filter(
        user=OuterRef("user"), year=year, status__in=(Membership.Status.PAID, Membership.Status.DUE)
    )
    due = (
        Membership.objects.filter(
            year=year - 1, status=Membership.Status.PAID, reminded_at__isnull=True
        )
        .exclude(Exists(renewed))
        .filter(user__is_active=True)
        .select_related("user")
    )
    url = site_url(reverse("payments:membership"))
    sent = 0
    for membership in due:
        user = membership.user
        mail.send(
            to=[user.email],
            template="membership_renewal",
            context={
                "collective": connection.tenant,
                "user": user,
                "year": year,
                "amount": settings_row.membership_amount,
                "url": url,
            },
            language=user.language,
        )
        Membership.objects.filter(pk=membership.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
