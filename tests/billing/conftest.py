"""Billing fixtures: a local fake Stripe, a shop taking online payment, signed webhooks.

Panier des Prés has connected its Stripe account and takes cards online;
Bocage Paysan has connected another account. Chloé orders in Panier des Prés.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from billing.events.models import ConnectedAccount
from billing.payments.models import PaymentSettings
from shop.orders.services import order_place
from tests.billing.fake_stripe import VISA, FakeStripe, FakeStripeServer, sign
from tests.shop.conftest import Shop, shop  # noqa: F401

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"


@pytest.fixture(scope="session")
def stripe_server():
    with FakeStripeServer() as server:
        yield server


@pytest.fixture
def fake_stripe(stripe_server, settings) -> FakeStripe:
    settings.STRIPE_API_BASE = stripe_server.url
    settings.STRIPE_SECRET_KEY = "sk_test_groupage_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_groupage_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    stripe_server.fake.reset()
    return stripe_server.fake


def connect_account(fake: FakeStripe, collective, *, online: bool = True) -> str:
    """The collective's own Stripe account, connected and able to take payments."""
    account = fake._post_accounts([], {"type": "standard"}, None)["id"]
    fake.objects[account].update(charges_enabled=True, details_submitted=True)
    ConnectedAccount.objects.create(account_id=account, collective=collective)
    with tenant_context(collective):
        PaymentSettings.objects.update_or_create(
            pk=1,
            defaults={
                "pay_online": online,
                "connected_account_id": account,
                "charges_enabled": True,
            },
        )
    return account


@pytest.fixture
def panier_account(fake_stripe, panier) -> str:
    return connect_account(fake_stripe, panier)


@pytest.fixture
def bocage_account(fake_stripe, bocage) -> str:
    return connect_account(fake_stripe, bocage)


def place(shop, customer, carrots: int = 3, honey: int = 0):  # noqa: F811
    items = {shop.variant(shop.carrots).pk: Decimal(carrots)}
    if honey:
        items[shop.variant(shop.honey, "500 g").pk] = Decimal(honey)
    return order_place(customer=customer, cycle=shop.cycle, point=shop.farm, items=items)


@dataclass
class Webhooks:
    client: object
    fake: FakeStripe

    def post(self, event: dict, *, secret: str = WEBHOOK_SECRET, timestamp=None, body=None):
        payload = body if body is not None else json.dumps(event)
        tenant = connection.tenant  # the request ends in the public schema; come back
        try:
            return self.client.post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(payload, secret, timestamp),
            )
        finally:
            connection.set_tenant(tenant)

    def deliver_all(self) -> list[dict]:
        """Send what the fake Stripe queued, in order; returns the events."""
        events = self.fake.take_events()
        for event in events:
            assert self.post(event).status_code == 200
        return events


@pytest.fixture
def webhooks(platform_client, fake_stripe) -> Webhooks:
    return Webhooks(platform_client, fake_stripe)


def save_card(fake: FakeStripe, order, payment_method: str = VISA):
    """What the consumer does on the payment page: a SetupIntent, a card, back from Stripe."""
    from billing.payments.services.orders import order_payment_card_saved, order_payment_start

    payment, _secret = order_payment_start(order=order)
    fake.confirm_setup(payment.setup_intent_id, payment_method)
    return order_payment_card_saved(order=order, setup_intent_id=payment.setup_intent_id)


def subscribe(collective, plan=None, *, started_at=None, **extra):
    """Put the collective on a plan (by default a flat 1,200 € a year, 150 € set-up)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from billing.models import Plan, Subscription

    plan = plan or Plan.objects.create(
        name="Forfait test",
        slug=f"forfait-{collective.slug}",
        setup_fee=Decimal("150.00"),
        yearly_flat_fee=Decimal("1200.00"),
    )
    subscription, _created = Subscription.objects.update_or_create(
        collective=collective,
        defaults={
            "plan": plan,
            "started_at": started_at or datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Paris")),
            **extra,
        },
    )
    return subscription
