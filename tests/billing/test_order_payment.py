"""Paying an order online: card saved at checkout, final amount charged off-session."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from billing.payments.models import OrderPayment, PaymentSettings
from billing.payments.services.common import PaymentRefused
from billing.payments.services.orders import (
    charge_due_orders,
    order_charge_final,
    order_payment_returned,
)
from shop.orders.models import Order
from shop.orders.services import order_cancel
from tests.billing.conftest import place, save_card
from tests.billing.fake_stripe import AUTH_REQUIRED, DECLINED
from tests.conftest import login

S = OrderPayment.Status
D = Decimal


def status_of(order) -> tuple[str, str]:
    order.refresh_from_db()
    return order.online_payment.status, order.payment_status


@pytest.fixture
def order(shop, chloe, panier_account):
    return place(shop, chloe, carrots=3)  # 8,40 €


# --- At checkout -------------------------------------------------------------------------------


def test_checkout_offers_online_payment_when_the_account_can_take_it(
    panier, panier_client, shop, chloe, panier_account
):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "2"}
    )
    body = panier_client.get("/commande/").content.decode()
    assert 'name="payment" value="online"' in body and 'value="pickup"' in body


def test_checkout_without_a_connected_account_offers_pickup_only(
    panier, panier_client, shop, chloe, in_panier
):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "2"}
    )
    body = panier_client.get("/commande/").content.decode()
    assert 'value="online"' not in body


def test_choosing_online_at_checkout_leads_to_the_card_page(
    panier, panier_client, shop, chloe, panier_account, fake_stripe
):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "2"}
    )
    response = panier_client.post("/commande/", {"payment": "online"})
    order = Order.objects.get(customer=chloe)
    assert response.status_code == 302 and response["Location"] == f"/paiement/{order.number}/"
    page = panier_client.get(response["Location"])
    assert page.status_code == 200
    [setup] = fake_stripe.calls("POST", "/v1/setup_intents")
    assert setup["account"] == panier_account  # on the collective's own account
    assert setup["params"]["usage"] == "off_session"
    intent = order.online_payment.setup_intent_id
    assert f'data-client-secret="{intent}_secret_' in page.content.decode()
    assert "https://js.stripe.com" in page["Content-Security-Policy"]
    assert order.online_payment.status == S.AWAITING_CARD
    order.refresh_from_db()
    # Until the card is saved, the pickup list still asks for the money.
    assert order.payment_status == Order.PaymentStatus.AT_PICKUP


def test_choosing_pickup_at_checkout_places_the_order_as_usual(
    panier, panier_client, shop, chloe, panier_account
):
    login(panier_client, chloe, panier)
    panier_client.post("/choisir/", {"cycle": shop.cycle.pk, "point": shop.farm.pk})
    panier_client.post(
        "/panier/ligne/", {"variant": shop.variant(shop.carrots).pk, "quantity": "2"}
    )
    response = panier_client.post("/commande/", {"payment": "pickup"})
    order = Order.objects.get(customer=chloe)
    assert response["Location"] == f"/mes-commandes/{order.number}/"
    assert order.payment_status == Order.PaymentStatus.AT_PICKUP
    assert not OrderPayment.objects.exists()


def test_coming_back_from_stripe_with_the_card_saved(
    panier, panier_client, order, chloe, fake_stripe
):
    login(panier_client, chloe, panier)
    panier_client.get(f"/paiement/{order.number}/")
    intent = OrderPayment.objects.get(order=order).setup_intent_id
    fake_stripe.confirm_setup(intent)  # the card holder types their card (Stripe.js)
    response = panier_client.get(f"/paiement/{order.number}/retour/?setup_intent={intent}")
    assert response["Location"] == f"/mes-commandes/{order.number}/"
    assert status_of(order) == (S.CARD_SAVED, Order.PaymentStatus.PENDING)
    assert order.online_payment.payment_method_id == "pm_card_visa"


def test_a_forged_return_does_not_save_a_card(panier, panier_client, order, chloe, fake_stripe):
    login(panier_client, chloe, panier)
    panier_client.get(f"/paiement/{order.number}/")
    intent = OrderPayment.objects.get(order=order).setup_intent_id
    panier_client.get(f"/paiement/{order.number}/retour/?setup_intent={intent}")  # not confirmed
    panier_client.get(f"/paiement/{order.number}/retour/?setup_intent=seti_someone_else")
    assert status_of(order)[0] == S.AWAITING_CARD


def test_the_consumer_may_switch_to_paying_at_pickup_before_being_charged(
    panier, panier_client, order, chloe, fake_stripe
):
    save_card(fake_stripe, order)
    login(panier_client, chloe, panier)
    panier_client.post(f"/paiement/{order.number}/au-retrait/")
    assert status_of(order) == (S.CANCELLED, Order.PaymentStatus.AT_PICKUP)
    order_charge_final(order=order)
    assert not fake_stripe.calls("POST", "/v1/payment_intents")


def test_another_consumer_cannot_open_the_payment_page(panier, panier_client, order):
    from tests.conftest import make_user

    login(panier_client, make_user(panier, "intrus@example.fr"), panier)
    assert panier_client.get(f"/paiement/{order.number}/").status_code == 404


def test_payment_page_needs_online_payment_to_be_open(panier, panier_client, order, chloe):
    PaymentSettings.objects.filter(pk=1).update(pay_online=False)
    login(panier_client, chloe, panier)
    response = panier_client.get(f"/paiement/{order.number}/")
    assert response["Location"] == f"/mes-commandes/{order.number}/"
    assert not OrderPayment.objects.exists()


# --- When the order is final ---------------------------------------------------------------


def test_the_final_amount_is_charged_off_session(order, fake_stripe, panier_account):
    save_card(fake_stripe, order)
    payment = order_charge_final(order=order)
    assert payment.status == S.SUCCEEDED and payment.amount == D("8.40")
    assert status_of(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)
    [call] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert call["account"] == panier_account
    assert call["params"]["off_session"] == "true" and call["params"]["confirm"] == "true"
    assert call["params"]["amount"] == "840"
    assert call["params"]["metadata"] == {
        "kind": "order",
        "schema": "panier_des_pres",
        "order": order.number,
    }


def test_the_charge_follows_weights_and_shortages(order, fake_stripe):
    save_card(fake_stripe, order)
    Order.objects.filter(pk=order.pk).update(total_incl_vat=D("7.15"))  # weighed lighter
    assert order_charge_final(order=order).amount == D("7.15")


def test_an_order_is_charged_once_however_often_asked(order, fake_stripe):
    save_card(fake_stripe, order)
    for _ in range(3):
        order_charge_final(order=order)
    assert len(fake_stripe.calls("POST", "/v1/payment_intents")) == 1


def test_the_platform_takes_its_fee_when_the_plan_says_so(order, fake_stripe, panier):
    from billing.models import Plan, Subscription

    plan = Plan.objects.create(
        name="Avec frais", slug="frais", yearly_flat_fee=D("900"), application_fee_percent=D("1.5")
    )
    Subscription.objects.update_or_create(
        collective=panier, defaults={"plan": plan, "started_at": timezone.now()}
    )
    save_card(fake_stripe, order)
    order_charge_final(order=order)
    [call] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert call["params"]["application_fee_amount"] == "13"  # 1,5 % of 8,40 = 0,126


def test_authentication_required_shows_unpaid_and_mails_a_link(
    order, fake_stripe, django_capture_on_commit_callbacks
):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment = order_charge_final(order=order)
    assert payment.status == S.NEEDS_ACTION
    assert status_of(order) == (S.NEEDS_ACTION, Order.PaymentStatus.FAILED)
    assert payment.payment_intent_id.startswith("pi_")
    [message] = mail.outbox
    assert message.to == ["chloe@example.fr"]
    assert f"/paiement/{order.number}/" in message.body


def test_the_consumer_completes_an_authentication_on_the_payment_page(
    panier, panier_client, order, chloe, fake_stripe
):
    save_card(fake_stripe, order, AUTH_REQUIRED)
    payment = order_charge_final(order=order)
    login(panier_client, chloe, panier)
    page = panier_client.get(f"/paiement/{order.number}/").content.decode()
    assert f'data-client-secret="{payment.payment_intent_id}_secret_' in page
    assert 'data-payment-method="pm_card_authenticationRequired"' in page
    fake_stripe.confirm_payment(payment.payment_intent_id)  # 3-D Secure passed in the browser
    panier_client.get(
        f"/paiement/{order.number}/retour/?payment_intent={payment.payment_intent_id}"
    )
    assert status_of(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_a_declined_card_shows_failed_and_mails_the_consumer(
    order, fake_stripe, django_capture_on_commit_callbacks
):
    save_card(fake_stripe, order, DECLINED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment = order_charge_final(order=order)
    assert payment.status == S.FAILED and "declined" in payment.failure_message
    assert status_of(order) == (S.FAILED, Order.PaymentStatus.FAILED)
    assert len(mail.outbox) == 1


def test_after_a_decline_another_card_pays(order, fake_stripe):
    save_card(fake_stripe, order, DECLINED)
    payment = order_charge_final(order=order)
    fake_stripe.confirm_payment(payment.payment_intent_id, "pm_card_visa")
    order_payment_returned(order=order, payment_intent_id=payment.payment_intent_id)
    assert status_of(order) == (S.SUCCEEDED, Order.PaymentStatus.PAID)


def test_a_cancelled_order_is_never_charged(order, fake_stripe):
    save_card(fake_stripe, order)
    order_cancel(order=order)
    assert order_charge_final(order=order).status == S.CANCELLED
    assert not fake_stripe.calls("POST", "/v1/payment_intents")


def test_orders_are_charged_the_day_after_their_distribution(order, fake_stripe):
    save_card(fake_stripe, order)
    day = order.distribution.date
    assert charge_due_orders(today=day) == {}
    assert charge_due_orders(today=day + timedelta(days=1)) == {S.SUCCEEDED: 1}
    assert charge_due_orders(today=day + timedelta(days=2)) == {}


def test_stripe_unreachable_leaves_the_card_saved_for_a_retry(order, fake_stripe, settings):
    save_card(fake_stripe, order)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(PaymentRefused):
        order_charge_final(order=order)
    assert status_of(order) == (S.CARD_SAVED, Order.PaymentStatus.PENDING)


def test_an_order_paid_at_the_pickup_point_is_not_charged_online(order, fake_stripe, alice):
    import uuid

    from django.utils import timezone

    from shop.logistics.models import PickupPayment

    save_card(fake_stripe, order)
    PickupPayment.objects.create(
        order=order,
        mode="cash",
        amount=D("8.40"),
        client_uuid=uuid.uuid4(),
        by=alice,
        happened_at=timezone.now(),
    )
    assert order_charge_final(order=order).status == S.CANCELLED
    assert not fake_stripe.calls("POST", "/v1/payment_intents")
