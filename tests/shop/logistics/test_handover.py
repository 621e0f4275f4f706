"""Hand-over at the pickup point: each tap recorded once, however often it is sent."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from shop.logistics.handover import (
    handover_remark_add,
    order_amount_due,
    order_mark_collected,
    pickup_payment_record,
)
from shop.logistics.models import HandOverEvent, PickupPayment
from shop.logistics.reports.after_distribution import after_distribution
from shop.orders.models import Order

D = Decimal


def test_marking_collected_twice_with_the_same_uuid_records_once(closed):
    order, key = closed.orders["emma"], uuid.uuid4()
    first = order_mark_collected(order=order, by=None, client_uuid=key)
    again = order_mark_collected(order=order, by=None, client_uuid=str(key))
    assert (first.created, again.created) == (True, False)
    assert HandOverEvent.objects.filter(order=order).count() == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.COLLECTED


def test_a_collection_can_be_undone(closed):
    order = closed.orders["emma"]
    order_mark_collected(order=order, by=None, client_uuid=uuid.uuid4())
    order_mark_collected(order=order, by=None, client_uuid=uuid.uuid4(), collected=False)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PLACED


def test_a_payment_replayed_is_recorded_once_and_lowers_what_is_due(closed):
    order, key = closed.orders["chloe"], uuid.uuid4()
    total = order.total_incl_vat
    for _ in range(2):
        pickup_payment_record(order=order, mode="cash", amount="10,00", by=None, client_uuid=key)
    assert PickupPayment.objects.filter(order=order).count() == 1
    assert order_amount_due(order) == total - D("10.00")


def test_no_more_than_what_is_due_is_taken(closed):
    order = closed.orders["chloe"]
    too_much = order.total_incl_vat + D("0.01")
    with pytest.raises(ValidationError, match="still to pay"):
        pickup_payment_record(
            order=order, mode="card", amount=too_much, by=None, client_uuid=uuid.uuid4()
        )
    assert not PickupPayment.objects.exists()


def test_an_order_paid_online_takes_no_payment_at_pickup(closed):
    order = closed.orders["chloe"]
    Order.objects.filter(pk=order.pk).update(payment_status=Order.PaymentStatus.PAID)
    order.refresh_from_db()
    assert order_amount_due(order) == 0
    with pytest.raises(ValidationError, match="not paid at pickup"):
        pickup_payment_record(
            order=order, mode="cash", amount="1", by=None, client_uuid=uuid.uuid4()
        )


@pytest.mark.parametrize("amount", ["0", "-3", "abc", "1.234", "inf"])
def test_a_wrong_amount_is_refused(closed, amount):
    with pytest.raises(ValidationError):
        pickup_payment_record(
            order=closed.orders["chloe"],
            mode="cash",
            amount=amount,
            by=None,
            client_uuid=uuid.uuid4(),
        )


def test_a_uuid_used_for_one_order_is_refused_for_another(closed):
    key = uuid.uuid4()
    order_mark_collected(order=closed.orders["chloe"], by=None, client_uuid=key)
    with pytest.raises(ValidationError, match="another order"):
        order_mark_collected(order=closed.orders["farid"], by=None, client_uuid=key)


def test_a_cancelled_order_is_not_handed_over(closed):
    order = closed.orders["farid"]
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        order_mark_collected(order=order, by=None, client_uuid=uuid.uuid4())


def test_a_remark_is_kept(closed, karim):
    handover_remark_add(
        order=closed.orders["emma"],
        by=karim,
        client_uuid=uuid.uuid4(),
        remark="  sac  frais oublié ",
    )
    assert HandOverEvent.objects.get().remark == "sac frais oublié"


def test_the_phones_time_is_kept_when_plausible(closed):
    at = timezone.now() - timedelta(minutes=40)
    order_mark_collected(order=closed.orders["emma"], by=None, client_uuid=uuid.uuid4(), at=at)
    assert HandOverEvent.objects.get().happened_at == at


# --- The sync endpoint ----------------------------------------------------------------------


def sync(client, week, point, actions):
    url = reverse("depot:sync", args=[point.pk])
    return client.post(url, json.dumps({"actions": actions}), content_type="application/json")


def test_the_offline_queue_replayed_twice_still_records_once(closed, karim_client, panier):
    emma, bistrot = closed.orders["emma"], closed.orders["bistrot"]
    queue = [
        {
            "uuid": str(uuid.uuid4()),
            "order": emma.pk,
            "kind": "collected",
            "at": timezone.now().isoformat(),
        },
        {
            "uuid": str(uuid.uuid4()),
            "order": emma.pk,
            "kind": "payment",
            "mode": "cheque",
            "amount": "5.00",
        },
        {
            "uuid": str(uuid.uuid4()),
            "order": bistrot.pk,
            "kind": "remark",
            "remark": "payé par virement",
        },
    ]
    first = sync(karim_client, closed, closed.epicerie, queue)
    second = sync(karim_client, closed, closed.epicerie, queue)
    assert first.status_code == second.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["ok", "ok", "ok"]
    assert [r["status"] for r in second.json()["results"]] == ["duplicate"] * 3
    with tenant_context(panier):
        assert HandOverEvent.objects.count() == 2
        assert PickupPayment.objects.get().amount == D("5.00")
        assert Order.objects.get(pk=emma.pk).status == Order.Status.COLLECTED


def test_sync_answers_each_action_on_its_own(closed, karim_client, panier):
    queue = [
        {
            "uuid": str(uuid.uuid4()),
            "order": closed.orders["chloe"].pk,
            "kind": "collected",
        },  # not his point
        {"uuid": "not-a-uuid", "order": closed.orders["emma"].pk, "kind": "collected"},
        {"uuid": str(uuid.uuid4()), "order": closed.orders["emma"].pk, "kind": "dance"},
        {"uuid": str(uuid.uuid4()), "order": closed.orders["emma"].pk, "kind": "collected"},
        "garbage",
    ]
    results = sync(karim_client, closed, closed.epicerie, queue).json()["results"]
    assert [r["status"] for r in results] == ["error", "error", "error", "ok", "error"]
    with tenant_context(panier):
        assert HandOverEvent.objects.count() == 1


@pytest.mark.parametrize(
    "body", ["not json", json.dumps({"nope": 1}), json.dumps({"actions": "x"})]
)
def test_sync_refuses_a_malformed_request(closed, karim_client, body):
    url = reverse("depot:sync", args=[closed.epicerie.pk])
    assert karim_client.post(url, body, content_type="application/json").status_code == 400


def test_a_keeper_cannot_sync_another_point(closed, karim_client):
    action = {"uuid": str(uuid.uuid4()), "order": closed.orders["chloe"].pk, "kind": "collected"}
    assert sync(karim_client, closed, closed.farm, [action]).status_code == 404


def test_the_form_without_javascript_records_once_too(closed, karim_client, panier):
    url = reverse("depot:action", args=[closed.epicerie.pk, closed.orders["emma"].pk])
    data = {"uuid": str(uuid.uuid4()), "kind": "payment", "mode": "cash", "amount": "3,50"}
    assert karim_client.post(url, data).status_code == 302
    assert karim_client.post(url, data).status_code == 302  # pressed twice
    with tenant_context(panier):
        assert PickupPayment.objects.get().amount == D("3.50")


# --- The keeper's page ----------------------------------------------------------------------


def test_the_keeper_sees_todays_orders_at_their_point(closed, karim_client):
    friday = closed.orders["emma"].distribution.date
    with time_machine.travel(
        timezone.make_aware(
            timezone.datetime.combine(friday, timezone.datetime.min.time().replace(hour=17))
        ),
        tick=False,
    ):
        page = karim_client.get(reverse("depot:point", args=[closed.epicerie.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "ÉLAN Emma" in body and "LE BIHAN Yann" in body
    assert "DUPRÉ Chloé" not in body
    assert "<script>" not in body  # the Content-Security-Policy allows files only


def test_the_keeper_searches_by_name(closed, karim_client):
    day = closed.orders["emma"].distribution.date
    url = reverse("depot:point", args=[closed.epicerie.pk])
    body = karim_client.get(url, {"date": day.isoformat(), "q": "élan"}).content.decode()
    assert "ÉLAN Emma" in body and "LE BIHAN Yann" not in body


def test_the_qr_code_of_an_order_opens_it_at_its_point(closed, karim_client):
    emma = closed.orders["emma"]
    response = karim_client.get(reverse("depot:order_scan", args=[emma.number]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#order-{emma.pk}")
    chloe = closed.orders["chloe"]  # at the farm, which Karim does not keep
    assert karim_client.get(reverse("depot:order_scan", args=[chloe.number])).status_code == 404


def test_service_worker_and_manifest_make_an_installable_app(closed, karim_client):
    worker = karim_client.get(reverse("depot:service_worker"))
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("application/javascript")
    assert b'addEventListener("fetch"' in worker.content
    manifest = karim_client.get(reverse("depot:manifest")).json()
    assert manifest["start_url"] == reverse("depot:home")
    assert manifest["display"] == "standalone"


# --- After the distribution -----------------------------------------------------------------


def test_uncollected_orders_and_payments_due_are_listed_afterwards(closed):
    order_mark_collected(order=closed.orders["emma"], by=None, client_uuid=uuid.uuid4())
    chloe = closed.orders["chloe"]
    order_mark_collected(order=chloe, by=None, client_uuid=uuid.uuid4())
    pickup_payment_record(order=chloe, mode="cash", amount="5", by=None, client_uuid=uuid.uuid4())
    days = sorted({o.distribution.date for o in closed.orders.values()})
    report = after_distribution(since=days[0], until=days[-1])
    uncollected = {r.number for s in report.uncollected for r in s.rows}
    assert uncollected == {closed.orders["farid"].number, closed.orders["bistrot"].number}
    unpaid = {r.number: r.due for s in report.unpaid for r in s.rows}
    assert unpaid[chloe.number] == chloe.total_incl_vat - 5
    assert closed.orders["emma"].number in unpaid  # collected, not paid


# --- Memberships promised at pickup ---------------------------------------------------------


@pytest.fixture
def emma_owes_her_membership(closed, panier):
    from billing.payments.membership import membership_promise

    with tenant_context(panier):
        return membership_promise(user=closed.people["emma"])


def test_the_keeper_sees_a_membership_to_pay_and_records_it_once(
    closed, karim_client, panier, emma_owes_her_membership, karim
):
    from billing.payments.models import Membership

    url = reverse("depot:point", args=[closed.epicerie.pk])
    day = {"date": closed.orders["emma"].distribution.date.isoformat()}
    page = karim_client.get(url, day).content.decode()
    assert page.count('data-kind="membership"') == 1  # Emma's order only
    assert "to pay: <strong>" in page

    action = {
        "uuid": str(uuid.uuid4()),
        "order": closed.orders["emma"].pk,
        "kind": "membership",
        "mode": "cheque",
    }
    first = sync(karim_client, closed, closed.epicerie, [action]).json()["results"]
    again = sync(karim_client, closed, closed.epicerie, [dict(action, uuid=str(uuid.uuid4()))])
    assert [r["status"] for r in first] == ["ok"]
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"]
    with tenant_context(panier):
        membership = Membership.objects.get(pk=emma_owes_her_membership.pk)
        assert (membership.status, membership.mode) == ("paid", "cheque")
        assert membership.recorded_by_id == karim.pk
        assert membership.taken_at_id == closed.orders["emma"].distribution_id  # its till
    assert 'data-kind="membership"' not in karim_client.get(url, day).content.decode()


def test_a_membership_payment_needs_a_membership_and_a_mode(
    closed, karim_client, panier, emma_owes_her_membership
):
    from billing.payments.models import Membership

    actions = [
        {
            "uuid": str(uuid.uuid4()),
            "order": closed.orders["bistrot"].pk,
            "kind": "membership",
            "mode": "cash",
        },  # nothing promised
        {
            "uuid": str(uuid.uuid4()),
            "order": closed.orders["emma"].pk,
            "kind": "membership",
            "mode": "online",
        },
    ]
    results = sync(karim_client, closed, closed.epicerie, actions).json()["results"]
    assert [r["status"] for r in results] == ["error", "error"]
    assert "no membership to pay" in results[0]["message"]
    assert "how the membership was paid" in results[1]["message"]
    with tenant_context(panier):
        assert Membership.objects.get().status == "due"


def test_a_membership_tap_counts_for_the_year_the_page_showed(
    closed, karim_client, panier, emma_owes_her_membership
):
    """Tapped offline on 31 December, sent on 2 January: last year's is paid."""
    from billing.payments.models import Membership

    year = emma_owes_her_membership.year
    action = {
        "uuid": str(uuid.uuid4()),
        "order": closed.orders["emma"].pk,
        "kind": "membership",
        "mode": "cash",
        "year": str(year),
    }
    with mock.patch("billing.payments.membership.current_year", return_value=year + 1):
        results = sync(karim_client, closed, closed.epicerie, [action]).json()["results"]
    assert [r["status"] for r in results] == ["ok"]
    with tenant_context(panier):
        assert Membership.objects.get(year=year).status == "paid"
        assert not Membership.objects.filter(year=year + 1).exists()


def test_the_printed_pickup_list_shows_the_membership_to_take(
    closed, panier, emma_owes_her_membership
):
    import csv
    import io

    from pypdf import PdfReader

    from shop.logistics.documents.registry import DOCUMENTS, render_document

    with tenant_context(panier):
        table = render_document(DOCUMENTS["pickup"], "csv", cycle=closed.cycle)
        pdf = render_document(DOCUMENTS["pickup"], "pdf", cycle=closed.cycle)
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    owed = {row["Order"]: row["Membership to pay"] for row in rows}
    emma, chloe = closed.orders["emma"].number, closed.orders["chloe"].number
    assert Decimal(owed[emma].replace(",", ".")) == emma_owes_her_membership.amount
    assert owed[chloe] == ""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    expected = f"+ membership {emma_owes_her_membership.amount:.2f} €"
    assert expected in " ".join(text.split())  # the narrow column wraps it

    # Next year's membership is not due at this year's distribution.
    from billing.payments.models import Membership

    with tenant_context(panier):
        Membership.objects.filter(pk=emma_owes_her_membership.pk).update(year=F("year") + 1)
        table = render_document(DOCUMENTS["pickup"], "csv", cycle=closed.cycle)
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    assert {row["Order"]: row["Membership to pay"] for row in rows}[emma] == ""


def test_a_cash_tap_after_the_card_went_through_asks_to_give_the_money_back(
    closed, karim_client, panier, emma_owes_her_membership
):
    from billing.payments.models import Membership

    with tenant_context(panier):
        Membership.objects.filter(pk=emma_owes_her_membership.pk).update(
            status="paid", mode="online"
        )
    action = {
        "uuid": str(uuid.uuid4()),
        "order": closed.orders["emma"].pk,
        "kind": "membership",
        "mode": "cash",
    }
    [result] = sync(karim_client, closed, closed.epicerie, [action]).json()["results"]
    assert result["status"] == "error"
    assert "paid online already: give the money back" in result["message"]
