"""Stripe, behind our own small functions.

Everything that talks to Stripe goes through here, with the official SDK's
`StripeClient` built from settings (secret key from the environment, and
`STRIPE_API_BASE` to point tests at a local fake). The rules at the boundary:

- amounts are `Decimal` euros inside the project and integer cents at
  Stripe's; `to_cents` / `from_cents` are the only conversions;
- objects of a collective's own Stripe account (Connect, direct charges) are
  created with `account=<acct_…>`; the platform's own objects without;
- every creation carries an idempotency key, so a retried request never
  charges twice;
- nothing secret is logged: not the key, not a client secret.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import stripe
from django.conf import settings

from shop.money import CENT, quantize

CURRENCY = "eur"


class PaymentsNotConfigured(Exception):
    """The platform has no Stripe secret key: online payment is off."""


class GatewayError(Exception):
    """Stripe could not be reached or refused the request (not a card decision)."""


class CardRefused(Exception):
    """The bank said no, or asks the card holder to authenticate.

    `code` is Stripe's (`card_declined`, `authentication_required`, …) and
    `intent` the PaymentIntent as it stands after the refusal (when known).
    """

    def __init__(self, code: str, message: str, intent: "Intent | None" = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.intent = intent

    @property
    def needs_authentication(self) -> bool:
        return self.code == "authentication_required"


def to_cents(amount: Decimal) -> int:
    """Euros (Decimal) to Stripe's integer cents; refuses sub-cent amounts and floats."""
    if not isinstance(amount, Decimal):
        raise TypeError("Amounts are Decimal, never float.")
    if quantize(amount) != amount:
        raise ValueError(f"{amount} has more than two decimals.")
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(int(cents)) * CENT).quantize(CENT)


def from_timestamp(seconds: int | None) -> datetime:
    return datetime.fromtimestamp(int(seconds or 0), tz=UTC)


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("STRIPE_SECRET_KEY is not set.")
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        max_network_retries=2,
        # A slow Stripe must not hold a consumer's page for the SDK's default 80 s.
        http_client=stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    )


def _options(account: str | None = None, idempotency_key: str | None = None) -> dict:
    options = {}
    if account:
        options["stripe_account"] = account
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    return options


@dataclass(frozen=True)
class Intent:
    """A SetupIntent or PaymentIntent, as much of it as we use."""

    id: str
    status: str
    created: datetime
    client_secret: str = ""
    customer: str = ""
    payment_method: str = ""
    amount: Decimal = Decimal("0.00")
    amount_received: Decimal = Decimal("0.00")
    error_code: str = ""
    error_message: str = ""
    metadata: dict | None = None

    @classmethod
    def of(cls, obj) -> "Intent":
        data = obj if isinstance(obj, dict) else obj.to_dict()
        error = data.get("last_payment_error") or data.get("last_setup_error") or {}
        method = data.get("payment_method") or ""
        if isinstance(method, dict):
            method = method.get("id", "")
        customer = data.get("customer") or ""
        if isinstance(customer, dict):
            customer = customer.get("id", "")
        return cls(
            id=data["id"],
            status=data.get("status", ""),
            created=from_timestamp(data.get("created")),
            client_secret=data.get("client_secret") or "",
            customer=customer,
            payment_method=method,
            amount=from_cents(data.get("amount") or 0),
            amount_received=from_cents(data.get("amount_received") or 0),
            error_code=(error or {}).get("code") or "",
            error_message=(error or {}).get("message") or "",
            metadata=dict(data.get("metadata") or {}),
        )


def _clean(params: dict) -> dict:
    """Leave out what we do not set, rather than sending empty values."""
    return {key: value for key, value in params.items() if value not in (None, "")}


def _call(method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except stripe.CardError as error:
        body = (error.json_body or {}).get("error", {}) if error.json_body else {}
        intent = body.get("payment_intent")
        raise CardRefused(
            code=body.get("code") or error.code or "card_declined",
            message=body.get("message") or "The card was refused.",
            intent=Intent.of(intent) if intent else None,
        ) from None
    except stripe.StripeError as error:
        # The SDK's message never holds the key; keep only Stripe's own words.
        raise GatewayError(getattr(error, "user_message", None) or str(error._message)) from None


# --- Connect: the collective's own Stripe account ------------------------------------


@dataclass(frozen=True)
class AccountStatus:
    id: str
    charges_enabled: bool
    details_submitted: bool


def account_create(*, email: str, idempotency_key: str) -> str:
    account = _call(
        client().v1.accounts.create,
        _clean({"type": "standard", "country": "FR", "email": email}),
        _options(idempotency_key=idempotency_key),
    )
    return account.id


def account_onboarding_link(*, account: str, refresh_url: str, return_url: str) -> str:
    link = _call(
        client().v1.account_links.create,
        {
            "account": account,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        },
    )
    return link.url


def account_status(account: str) -> AccountStatus:
    data = _call(client().v1.accounts.retrieve, account).to_dict()
    return AccountStatus(
        id=data["id"],
        charges_enabled=bool(data.get("charges_enabled")),
        details_submitted=bool(data.get("details_submitted")),
    )


# --- Customers and saved cards --------------------------------------------------------


def customer_create(
    *, email: str, name: str, metadata: dict, idempotency_key: str, account: str | None = None
) -> str:
    customer = _call(
        client().v1.customers.create,
        {"email": email, "name": name or email, "metadata": metadata},
        _options(account, idempotency_key),
    )
    return customer.id


def setup_intent_create(
    *, customer: str, metadata: dict, idempotency_key: str, account: str | None = None
) -> Intent:
    """A SetupIntent saving a card for charges made later, off-session."""
    intent = _call(
        client().v1.setup_intents.create,
        {
            "customer": customer,
            "usage": "off_session",
            "payment_method_types": ["card"],
            "metadata": metadata,
        },
        _options(account, idempotency_key),
    )
    return Intent.of(intent)


def setup_intent_retrieve(intent_id: str, *, account: str | None = None) -> Intent:
    return Intent.of(_call(client().v1.setup_intents.retrieve, intent_id, None, _options(account)))


# --- Payments ------------------------------------------------------------------------------


def payment_intent_charge_saved_card(
    *,
    amount: Decimal,
    customer: str,
    payment_method: str,
    metadata: dict,
    idempotency_key: str,
    account: str | None = None,
    application_fee: Decimal | None = None,
    description: str = "",
) -> Intent:
    """Charge a saved card now, the card holder absent (off-session).

    Raises `CardRefused` when the bank declines or asks for authentication;
    its `intent` then says which PaymentIntent the card holder can complete.
    """
    params = {
        "amount": to_cents(amount),
        "currency": CURRENCY,
        "customer": customer,
        "payment_method": payment_method,
        "off_session": True,
        "confirm": True,
        "metadata": metadata,
        "description": description,
    }
    if application_fee:
        params["application_fee_amount"] = to_cents(application_fee)
    return Intent.of(
        _call(
            client().v1.payment_intents.create, _clean(params), _options(account, idempotency_key)
        )
    )


def payment_intent_create(
    *,
    amount: Decimal,
    metadata: dict,
    idempotency_key: str,
    customer: str = "",
    account: str | None = None,
    application_fee: Decimal | None = None,
    description: str = "",
) -> Intent:
    """A PaymentIntent the card holder confirms on our page (Stripe Elements)."""
    params = {
        "amount": to_cents(amount),
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "metadata": metadata,
        "description": description,
        "customer": customer,
    }
    if application_fee:
        params["application_fee_amount"] = to_cents(application_fee)
    return Intent.of(
        _call(
            client().v1.payment_intents.create, _clean(params), _options(account, idempotency_key)
        )
    )


def payment_intent_retrieve(intent_id: str, *, account: str | None = None) -> Intent:
    return Intent.of(
        _call(client().v1.payment_intents.retrieve, intent_id, None, _options(account))
    )


def payment_intent_cancel(intent_id: str, *, account: str | None = None) -> Intent:
    return Intent.of(_call(client().v1.payment_intents.cancel, intent_id, None, _options(account)))


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str
    amount: Decimal


def refund_create(
    *,
    payment_intent: str,
    amount: Decimal,
    metadata: dict,
    idempotency_key: str,
    account: str | None = None,
) -> RefundResult:
    refund = _call(
        client().v1.refunds.create,
        {
            "payment_intent": payment_intent,
            "amount": to_cents(amount),
            "metadata": metadata,
            # The application fee goes back in proportion, as the sale did not happen.
            **({"refund_application_fee": True} if account else {}),
        },
        _options(account, idempotency_key),
    )
    return RefundResult(id=refund.id, status=refund.status, amount=from_cents(refund.amount))


# --- Webhooks ----------------------------------------------------------------------------------


class BadSignature(Exception):
    """The webhook's signature does not match the raw body (or is missing or stale)."""


def event_from_webhook(payload: bytes, signature: str) -> dict:
    """The verified event as a plain dict; `BadSignature` when it cannot be trusted.

    Checked on the raw body, with Stripe's own scheme (HMAC-SHA256 of
    `<timestamp>.<body>`, 5-minute tolerance).
    """
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise BadSignature("STRIPE_WEBHOOK_SECRET is not set.")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature or "", settings.STRIPE_WEBHOOK_SECRET
        )
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise BadSignature(str(error)) from None
    return event.to_dict()
