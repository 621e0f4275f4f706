"""Invoices issued automatically some days after the distribution, where asked for."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from shop.invoicing.models import Invoice, InvoicingSettings
from shop.invoicing.tasks import issue_due_cycle_invoices

PARIS = ZoneInfo("Europe/Paris")


def _after_distribution(market, days: int):
    """10 o'clock, `days` days after the cycle's last distribution."""
    last = max(d.date for d in market.cycle.distributions.all())
    return time_machine.travel(datetime.combine(last + timedelta(days=days), time(10), PARIS))


def test_nothing_is_issued_automatically_unless_asked(closed):
    with _after_distribution(closed, 30):
        assert issue_due_cycle_invoices() == 0
    assert not Invoice.objects.exists()


def test_a_cycle_is_invoiced_the_set_number_of_days_after_its_distribution(closed):
    InvoicingSettings.objects.update(auto_issue_days=3)
    with _after_distribution(closed, 2):
        assert issue_due_cycle_invoices() == 0
    with _after_distribution(closed, 3):
        assert issue_due_cycle_invoices() == 5
        assert issue_due_cycle_invoices() == 0  # once
    assert Invoice.objects.count() == 5


def test_a_cycle_with_missing_data_waits_for_the_admins(closed, caplog):
    InvoicingSettings.objects.update(auto_issue_days=0)
    closed.bruno.siret = ""
    closed.bruno.save()
    with _after_distribution(closed, 1):
        assert issue_due_cycle_invoices() == 0
    assert not Invoice.objects.exists()
    assert "Fill in the SIRET of Ferme des Prés" in caplog.text


def test_pdfs_left_undrawn_are_caught_up_later(closed, alice):
    from shop.invoicing.services import cycle_invoices_issue
    from shop.invoicing.tasks import render_missing_invoice_pdfs

    cycle_invoices_issue(cycle=closed.cycle, by=alice)
    assert render_missing_invoice_pdfs() == 0  # just issued: their own tasks draw them
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert render_missing_invoice_pdfs() == 5
    assert not Invoice.objects.filter(pdf="").exists()
