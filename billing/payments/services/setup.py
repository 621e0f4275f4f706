"""A collective's payment settings, and connecting its own Stripe account (Connect)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing import stripe_gateway as gateway
from billing.events.models import ConnectedAccount
from billing.payments.models import PaymentSettings
from billing.payments.services.common import PaymentRefused, key

SETTING_FIELDS = (
    "pay_at_pickup",
    "accepts_cash",
    "accepts_cheque",
    "accepts_card_terminal",
    "pay_online",
    "membership_required",
    "membership_amount",
)


def payment_settings_update(*, details: dict, by=None) -> PaymentSettings:
    """Save how consumers pay; at least one way must stay open."""
    unknown = set(details) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"Not payment settings: {sorted(unknown)}")
    with transaction.atomic():
        row = PaymentSettings.objects.select_for_update().get(pk=PaymentSettings.load().pk)
        for field, value in details.items():
            setattr(row, field, value)
        if not (row.pay_at_pickup or row.pay_online):
            raise ValidationError(_("Keep at least one way to pay."))
        if row.pay_at_pickup and not (
            row.accepts_cash or row.accepts_cheque or row.accepts_card_terminal
        ):
            raise ValidationError(_("Say how consumers may pay at pickup."))
        if not Decimal("1") <= Decimal(row.membership_amount) <= Decimal("200"):
            raise ValidationError(_("The membership fee must be between 1 and 200 €."))
        row.full_clean()
        row.save()
    return row


def connect_start(*, collective, email: str, refresh_url: str, return_url: str) -> str:
    """The Stripe page where the collective creates or links its own account."""
    if not gateway.is_configured():
        raise PaymentRefused(_("Online payment is not set up on this platform."))
    row = PaymentSettings.load()
    account = row.connected_account_id
    if not account:
        account = gateway.account_create(email=email, idempotency_key=key("connect"))
        with transaction.atomic():
            ConnectedAccount.objects.get_or_create(
                account_id=account, defaults={"collective_id": collective.pk}
            )
            PaymentSettings.objects.filter(pk=row.pk).update(
                connected_account_id=account, charges_enabled=False
            )
    return gateway.account_onboarding_link(
        account=account, refresh_url=refresh_url, return_url=return_url
    )


def connect_refresh(*, collective) -> PaymentSettings:
    """Ask Stripe whether the collective's account may take payments now."""
    row = PaymentSettings.load()
    if not row.connected_account_id:
        return row
    status = gateway.account_status(row.connected_account_id)
    with transaction.atomic():
        mapping, _created = ConnectedAccount.objects.get_or_create(
            account_id=status.id, defaults={"collective_id": collective.pk}
        )
        if mapping.collective_id != collective.pk:
            raise PaymentRefused(_("This Stripe account belongs to another collective."))
        PaymentSettings.objects.filter(pk=row.pk).update(charges_enabled=status.charges_enabled)
    row.refresh_from_db()
    return row
