"""Accounting exports: the sales journal (CSV) and the collective's FEC."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.invoicing.exports.fec import COLUMNS, fec_filename, fec_rows, fec_text
from shop.invoicing.exports.journal import sales_journal_csv
from shop.invoicing.models import Invoice
from shop.invoicing.selectors import producer_sales
from shop.invoicing.services import (
    commission_invoices_issue,
    credit_note_issue,
    cycle_invoices_issue,
    pickup_commission_issue,
    pickup_commission_set,
)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.fixture
def books(closed, alice):
    """A cycle invoiced, a credit note, the month's commissions and a partner's commission."""
    today = timezone.localdate()
    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    fee = Invoice.objects.get(order=closed.chloe_order, producer__isnull=True)
    credit_note_issue(invoice=fee, reason="livraison offerte", by=alice)
    sale = Invoice.objects.get(order=closed.bistrot_order, producer=closed.bruno)
    credit_note_issue(invoice=sale, reason="manque", line_amounts={0: "2.70"}, by=alice)
    commission_invoices_issue(start=today, end=today, by=alice)
    pickup_commission_set(
        point=closed.farm,
        rate=Decimal("5"),
        legal_name="Ferme du Bois EARL",
        siret="44306184100047",
        vat_number="FR10443061841",
        address="Le Bois\n35690 Acigné",
    )
    pickup_commission_issue(distribution=closed.bistrot_order.distribution, by=alice)
    return closed


def test_the_fec_has_the_eighteen_official_columns(books):
    today = timezone.localdate()
    lines = fec_text(today, today).splitlines()

    assert lines[0].split("|") == list(COLUMNS)
    assert len(COLUMNS) == 18
    assert all(len(line.split("|")) == 18 for line in lines)
    first = lines[1].split("|")
    assert first[3] == today.strftime("%Y%m%d")  # EcritureDate, YYYYMMDD
    assert "," in first[11] and "." not in first[11]  # Debit with a decimal comma


def test_each_fec_entry_is_balanced(books):
    today = timezone.localdate()
    debit, credit = defaultdict(Decimal), defaultdict(Decimal)
    for row in fec_rows(today, today):
        debit[row[2]] += _amount(row[11])
        credit[row[2]] += _amount(row[12])
    assert debit and debit == credit


def test_the_fec_holds_only_the_collectives_own_books(books):
    today = timezone.localdate()
    pieces = {row[8] for row in fec_rows(today, today)}
    own = set(
        Invoice.objects.exclude(kind="sale", producer__isnull=False)
        .exclude(
            kind="credit_note",
            credited_invoice__producer__isnull=False,
            credited_invoice__kind="sale",
        )
        .values_list("number", flat=True)
    )
    assert pieces == own
    assert not any(number.startswith("F-P") or number.startswith("A-P") for number in pieces)


def test_fec_accounts_for_sales_purchases_and_credit_notes(books):
    today = timezone.localdate()
    rows = fec_rows(today, today)
    accounts = {(row[0], row[4]) for row in rows}
    assert {("VT", "411000"), ("VT", "706000"), ("VT", "708500"), ("VT", "445710")} <= accounts
    assert {("HA", "622000"), ("HA", "445660"), ("HA", "401000")} <= accounts
    credit_note = [row for row in rows if row[8].startswith("A-COL")]
    customer = next(row for row in credit_note if row[4] == "411000")
    assert _amount(customer[12]) == Decimal("4.50")  # the customer is credited back


def test_the_fec_file_is_named_after_the_siren_and_closing_date(books):
    assert fec_filename("802954785", timezone.localdate().replace(month=12, day=31)) == (
        f"802954785FEC{timezone.localdate().year}1231.txt"
    )


def test_the_sales_journal_adds_up_to_the_documents(books):
    text = sales_journal_csv(Invoice.objects.all())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[-1] == "Total incl. VAT"
    total = sum(_amount(row[-1]) for row in body)
    expected = sum(i.sign * i.total_incl_vat for i in Invoice.objects.all())
    assert total == expected
    assert any(_amount(row[-1]) < 0 for row in body)  # credit notes negative


def test_a_producers_journal_has_their_sales_only(books):
    text = sales_journal_csv(producer_sales(books.bruno))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1:]
    assert {row[3] for row in rows} == {"Ferme des Prés"}
    assert {row[1][:7] for row in rows} == {f"F-P{books.bruno.pk:04d}", f"A-P{books.bruno.pk:04d}"}
