"""Stripe's webhooks: signed on the raw body, stored and processed once, routed by account."""

import json
import time

import pytest
from django_tenants.utils import tenant_context

from billing.events.models import ConnectedAccount, StripeEvent
from billing.events.services import event_process, events_retry
from billing.payments.models import OrderPayment, PaymentSettings
from billing.payments.services.orders import order_charge_final
from shop.orders.models import Order
from tests.billing.conftest import WEBHOOK_SECRET, place, save_card
from tests.billing.fake_stripe import AUTH_REQUIRED
from tests.conftest import login

S = OrderPayment.Status


@pytest.fixture
def order(shop, chloe, panier_account):
    return place(shop, chloe, carrots=3)


def intent_event(fake, order, type_, status, **extra):
    payment = OrderPayment.objects.get(order=order)
    obj = {
        "id": payment.payment_intent_id or "pi_unknown",
        "object": "payment_intent",
        "amount": 840,
        "amount_received": 840 if status == "succeeded" else 0,
        "status": status,
        "customer": payment.customer_id,
        "metadata": {"kind": "order", "schema": "panier_des_pres", "order": order.number},
        **extra,
    }
    return fake.event(type_, obj, account=payment.account_id)


def state(order):
    order.refresh_from_db()
    return OrderPayment.objects.get(order=order).status, order.payment_status


def test_a_signed_event_is_stored_and_applied(order, fake_stripe, webhooks, panier):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()  # what the charge itself sent
    fake_stripe.confirm_payment(OrderPayment.objects.get(order=order).payment_intent_id)
    webhooks.deliver_all()
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)
    stored = StripeEvent.objects.get(type="payment_intent.succeeded")
    assert stored.processed_at and stored.collective == panier and stored.outcome == S.SUCCEEDED


def test_the_whole_story_by_webhooks_alone_matches_the_direct_answers(order, fake_stripe, webhooks):
    save_card(fake_stripe, order)
    order_charge_final(order=order)
    events = webhooks.deliver_all()
    assert {e["type"] for e in events} >= {"setup_intent.succeeded", "payment_intent.succeeded"}
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)
    assert StripeEvent.objects.filter(processed_at__isnull=True).count() == 0


def test_a_forged_signature_is_refused_and_changes_nothing(order, fake_stripe, webhooks):
    save_card(fake_stripe, order)
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    response = webhooks.post(event, secret="whsec_not_the_right_one")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert state(order) == (S.CARD_SAVED, Order.PaymentStatus.PENDING)


def test_a_body_changed_after_signing_is_refused(order, fake_stripe, webhooks, platform_client):
    from tests.billing.fake_stripe import sign

    save_card(fake_stripe, order)
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    signature = sign(json.dumps({**event, "type": "ping"}), WEBHOOK_SECRET)
    response = platform_client.post(
        "/stripe/webhook/",
        data=json.dumps(event),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert response.status_code == 400 and not StripeEvent.objects.exists()


def test_a_replayed_old_signature_is_refused(order, fake_stripe, webhooks):
    save_card(fake_stripe, order)
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    assert webhooks.post(event, timestamp=int(time.time()) - 3600).status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_missing_signature_or_a_get_is_refused(platform_client, fake_stripe):
    assert (
        platform_client.post(
            "/stripe/webhook/", data="{}", content_type="application/json"
        ).status_code
        == 400
    )
    assert platform_client.get("/stripe/webhook/").status_code == 405


def test_a_duplicate_is_processed_once(order, fake_stripe, webhooks):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    for _ in range(3):
        assert webhooks.post(event).status_code == 200
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.deliveries == 3 and stored.attempts == 1
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_an_old_event_arriving_late_never_moves_a_payment_back(order, fake_stripe, webhooks):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    processing = intent_event(fake_stripe, order, "payment_intent.processing", "processing")
    succeeded = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    webhooks.post(succeeded)
    webhooks.post(processing)  # older, delivered last
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_among_retries_the_newest_news_wins_whatever_the_delivery_order(
    order, fake_stripe, webhooks
):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    action = intent_event(fake_stripe, order, "payment_intent.requires_action", "requires_action")
    processing = intent_event(fake_stripe, order, "payment_intent.processing", "processing")
    webhooks.post(processing)
    webhooks.post(action)  # older than "processing": ignored
    assert state(order) == (S.PROCESSING, Order.PaymentStatus.PENDING)


def test_an_event_of_another_collective_s_account_never_touches_this_one(
    order, fake_stripe, webhooks, bocage_account, bocage
):
    """Bocage's account sends an event naming Panier's payment: it stays in Bocage."""
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    event["account"] = bocage_account
    assert webhooks.post(event).status_code == 200
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.collective == bocage and stored.outcome == "ignored: unknown payment"
    assert state(order) == (S.NEEDS_ACTION, Order.PaymentStatus.FAILED)


def test_an_event_for_an_unknown_account_is_kept_as_a_failure_and_replayable(
    order, fake_stripe, webhooks, panier
):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    account = event["account"]
    ConnectedAccount.objects.filter(account_id=account).delete()
    assert webhooks.post(event).status_code == 200
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.processed_at is None and "UnknownAccount" in stored.error
    assert state(order) == (S.NEEDS_ACTION, Order.PaymentStatus.FAILED)
    ConnectedAccount.objects.create(account_id=account, collective=panier)
    assert event_process(stored).processed_at is not None
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_a_failing_handler_is_recorded_then_replayed_from_the_back_office(
    order, fake_stripe, webhooks, panier, panier_client, alice, monkeypatch
):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")

    def broken(_event):
        raise RuntimeError("database hiccup")

    with monkeypatch.context() as patched:
        patched.setattr("billing.payments.events.handle", broken)
        webhooks.post(event)
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.error == "RuntimeError: database hiccup" and stored.attempts == 1
    assert state(order) == (S.NEEDS_ACTION, Order.PaymentStatus.FAILED)
    login(panier_client, alice, panier)
    assert (
        "database hiccup"
        in panier_client.get("/gestion/abonnement/paiements/evenements/").content.decode()
    )
    panier_client.post(f"/gestion/abonnement/paiements/evenements/{stored.pk}/")
    stored.refresh_from_db()
    assert stored.processed_at and stored.attempts == 2 and not stored.error
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_a_collective_admin_cannot_replay_another_collective_s_events(
    order, fake_stripe, webhooks, bocage, bocage_client, denis
):
    save_card(fake_stripe, order)
    ConnectedAccount.objects.all().delete()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    webhooks.post(event)
    stored = StripeEvent.objects.get(event_id=event["id"])
    login(bocage_client, denis, bocage)
    assert (
        bocage_client.post(f"/gestion/abonnement/paiements/evenements/{stored.pk}/").status_code
        == 404
    )


def test_failed_events_are_retried_by_the_recurring_job(order, fake_stripe, webhooks, panier):
    from datetime import timedelta

    from django.utils import timezone

    save_card(fake_stripe, order, AUTH_REQUIRED)
    order_charge_final(order=order)
    fake_stripe.take_events()
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    account = event["account"]
    ConnectedAccount.objects.filter(account_id=account).delete()
    webhooks.post(event)
    ConnectedAccount.objects.create(account_id=account, collective=panier)
    assert events_retry() == 0  # too fresh: Stripe's own retries come first
    assert events_retry(now=timezone.now() + timedelta(minutes=10)) == 1
    assert state(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_account_updated_turns_online_payment_on(fake_stripe, webhooks, panier, panier_account):
    with tenant_context(panier):
        PaymentSettings.objects.filter(pk=1).update(charges_enabled=False)
    fake_stripe.complete_onboarding(panier_account)
    webhooks.deliver_all()
    with tenant_context(panier):
        assert PaymentSettings.load().charges_enabled


def test_the_payload_is_not_logged(order, fake_stripe, webhooks, caplog, monkeypatch):
    save_card(fake_stripe, order)
    monkeypatch.setattr(
        "billing.payments.events.handle", lambda _e: (_ for _ in ()).throw(RuntimeError("x"))
    )
    event = intent_event(fake_stripe, order, "payment_intent.succeeded", "succeeded")
    with caplog.at_level("DEBUG"):
        webhooks.post(event)
    assert event["id"] in caplog.text
    assert order.number not in caplog.text and WEBHOOK_SECRET not in caplog.text


def test_the_webhook_lives_on_the_platform_host_only(panier_client, fake_stripe):
    assert (
        panier_client.post(
            "/stripe/webhook/", data="{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_login_is_not_needed_but_csrf_is_not_a_barrier(platform_client, order, fake_stripe):
    """Stripe has no session: the endpoint is csrf-exempt and checks the signature instead."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    from tests.billing.conftest import Webhooks

    save_card(fake_stripe, order)
    event = intent_event(fake_stripe, order, "payment_intent.processing", "processing")
    assert Webhooks(client, fake_stripe).post(event).status_code == 200
