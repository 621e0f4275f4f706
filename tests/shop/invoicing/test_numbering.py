"""Invoice numbers: continuous, gapless and chronological per issuer, whatever happens."""

import threading
from collections import defaultdict
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from shop.cycles.models import OrderCycle
from shop.demo.factories import make_cycle, make_point, make_producer, make_product, offer
from shop.invoicing.models import Invoice, InvoiceSeries
from shop.invoicing.services import credit_note_issue, cycle_invoices_issue

from .conftest import identify, place


def _assert_gapless_and_chronological() -> dict[str, int]:
    by_series = defaultdict(list)
    for invoice in Invoice.objects.order_by("series_key", "sequence"):
        by_series[invoice.series_key].append(invoice)
    for key, invoices in by_series.items():
        assert [i.sequence for i in invoices] == list(range(1, len(invoices) + 1)), key
        assert [i.number for i in invoices] == [
            f"{key}-{n:06d}" for n in range(1, len(invoices) + 1)
        ]
        times = [i.issued_at for i in invoices]
        assert times == sorted(times), key
        assert InvoiceSeries.objects.get(key=key).next_number == len(invoices) + 1
    return {key: len(invoices) for key, invoices in by_series.items()}


def test_a_failed_issuance_gives_its_numbers_back(closed, alice):
    with (
        mock.patch(
            "shop.invoicing.services.cycle.CycleInvoicing.objects.update_or_create",
            side_effect=RuntimeError("disk full"),
        ),
        pytest.raises(RuntimeError),
    ):
        cycle_invoices_issue(cycle=closed.cycle, by=alice)
    assert not Invoice.objects.exists()
    assert not InvoiceSeries.objects.filter(next_number__gt=1).exists()

    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    assert Invoice.objects.get(order=closed.chloe_order, producer=closed.bruno).sequence == 1
    _assert_gapless_and_chronological()


def test_a_refused_credit_note_burns_no_number(closed, alice):
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    invoice = Invoice.objects.get(order=closed.chloe_order, producer=closed.bruno)
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, reason="trop", line_amounts={0: "99.00"}, by=alice)

    note = credit_note_issue(invoice=invoice, reason="abîmé", line_amounts={0: "1.00"}, by=alice)
    assert note.number == f"A-P{closed.bruno.pk:04d}-2026-000001"


def test_numbers_start_again_with_each_year_in_a_new_series(closed, alice):
    with time_machine.travel("2027-01-02 09:00 +01:00"):
        cycle_invoices_issue(cycle=closed.cycle, by=alice)
    assert Invoice.objects.get(order=closed.chloe_order, producer=closed.bruno).number == (
        f"F-P{closed.bruno.pk:04d}-2027-000001"
    )


def test_the_year_is_the_collectives_not_utcs(closed, alice):
    # 31 December, 23:30 UTC is already 1 January in Paris.
    with time_machine.travel("2026-12-31 23:30 +00:00"):
        cycle_invoices_issue(cycle=closed.cycle, by=alice)
    invoice = Invoice.objects.get(order=closed.chloe_order, producer=closed.bruno)
    assert invoice.number.endswith("-2027-000001")
    assert str(invoice.issue_date) == "2027-01-01"


CYCLES = 3
BUYERS = 4


def test_many_issuers_at_once_keep_every_series_gapless(committed_collective):
    """Three cycles sharing producers, each issued twice at the same time."""
    from groupage.accounts.models import User

    with tenant_context(committed_collective):
        identify(committed_collective)
        farms = [make_producer(vat_number="FR40123456789", address="Le Bourg") for _ in range(2)]
        cycles = []
        for c in range(CYCLES):
            point = make_point(f"Point {c}")
            cycle = make_cycle([point])
            products = [make_product(farm, f"P{c}-{i}", "3.10") for i, farm in enumerate(farms)]
            for product in products:
                offer(cycle, product)
            for b in range(BUYERS):
                buyer = User.objects.create_user(email=f"c{c}b{b}@example.fr")
                place(buyer, cycle, point, {products[0]: "1", products[1]: str(b + 1)})
            cycles.append(cycle)
        OrderCycle.objects.update(closed_at=timezone.now())

    jobs = cycles + cycles  # every cycle twice: the second issuer finds the work done
    start = threading.Barrier(len(jobs))
    counts, errors = [], []

    def issue(cycle):
        connection.set_tenant(committed_collective)
        try:
            start.wait()
            counts.append(cycle_invoices_issue(cycle=cycle).count)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(cycle,)) for cycle in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(counts) == [0] * CYCLES + [2 * BUYERS] * CYCLES
    with tenant_context(committed_collective):
        assert _assert_gapless_and_chronological() == {
            f"F-P{farm.pk:04d}-2026": CYCLES * BUYERS for farm in farms
        }


def test_simultaneous_credit_notes_never_take_back_more_than_the_line(committed_collective):
    from groupage.accounts.models import User

    with tenant_context(committed_collective):
        identify(committed_collective)
        farm = make_producer(vat_number="FR40123456789", address="Le Bourg")
        point = make_point()
        cycle = make_cycle([point])
        eggs = make_product(farm, "Œufs", "3.00", unit="dozen")
        offer(cycle, eggs)
        place(User.objects.create_user(email="eggs@example.fr"), cycle, point, {eggs: "1"})
        OrderCycle.objects.update(closed_at=timezone.now())
        (invoice,) = cycle_invoices_issue(cycle=cycle).invoices

    attempts = 6
    start = threading.Barrier(attempts)
    outcomes = []

    def credit():
        connection.set_tenant(committed_collective)
        try:
            start.wait()
            with transaction.atomic():
                credit_note_issue(invoice=invoice, reason="casse", line_amounts={0: "1.00"})
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=credit) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("issued") == 3
    with tenant_context(committed_collective):
        notes = Invoice.objects.filter(credited_invoice=invoice)
        assert sum(n.total_incl_vat for n in notes) == Decimal("3.00")
        _assert_gapless_and_chronological()
