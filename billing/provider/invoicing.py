"""Issuing the provider's monthly invoice to each collective.

- One invoice per collective and month (the month's first day is part of a
  unique constraint), so running the job twice issues nothing more.
- Numbers come from the provider's series of the year, whose row is locked
  (`select_for_update`) while an invoice takes its number, in the same
  transaction as the invoice: no gap, no duplicate, even side by side. No
  database sequence, which would leave gaps on rollback.
- VAT 20 % on the total excluding VAT, rounded once.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from billing.models import Subscription
from billing.provider.models import (
    VAT_RATE,
    InvoiceSeries,
    ProviderInvoice,
    ProviderInvoiceLine,
)
from billing.provider.pricing import first_of_month, last_of_month, month_lines
from billing.provider.turnover import usage_record
from shop.money import ZERO, quantize

TRANSFER_DAYS = 15  # days to pay by bank transfer


@dataclass(frozen=True)
class ProviderIdentity:
    name: str = "Groupage SAS"
    address: str = "1 rue de la Coopération\n35000 Rennes"
    siret: str = ""
    vat_number: str = ""
    iban: str = ""


def provider_identity() -> ProviderIdentity:
    from django.conf import settings

    return ProviderIdentity(
        **{
            field: getattr(settings, f"PROVIDER_{field.upper()}")
            for field in ProviderIdentity.__dataclass_fields__
            if getattr(settings, f"PROVIDER_{field.upper()}", None)
        }
    )


def next_number(year: int) -> str:
    """Take the next number of the year's series; call inside the invoice's transaction."""
    code = f"P{year}"
    InvoiceSeries.objects.get_or_create(code=code)
    series = InvoiceSeries.objects.select_for_update().get(code=code)
    number = series.next_number
    InvoiceSeries.objects.filter(pk=series.pk).update(next_number=number + 1)
    return f"{code}-{number:05d}"


def provider_invoice_issue(
    *, collective, month: date, now: datetime | None = None
) -> ProviderInvoice | None:
    """The invoice of `month` for `collective` (issued once); None when nothing is owed."""
    now = now or timezone.now()
    month = first_of_month(month)
    existing = ProviderInvoice.objects.filter(collective=collective, period_start=month).first()
    if existing is not None:
        return existing
    subscription = Subscription.objects.filter(collective=collective).first()
    if subscription is None:
        return None
    usage = usage_record(collective=collective, month=month)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().select_related("plan").get(pk=subscription.pk)
        )
        existing = ProviderInvoice.objects.filter(collective=collective, period_start=month).first()
        if existing is not None:
            return existing
        started = timezone.localtime(subscription.started_at, collective.zone).date()
        lines = month_lines(
            subscription.plan,
            turnover=usage.turnover,
            started=started,
            month=month,
            with_setup_fee=not subscription.setup_fee_invoiced,
        )
        if not lines:
            return None
        invoice = _create(collective, subscription, month, usage.turnover, lines, now)
        if not subscription.setup_fee_invoiced:
            Subscription.objects.filter(pk=subscription.pk).update(setup_fee_invoiced=True)
    if invoice.collection == ProviderInvoice.Collection.STRIPE:
        from billing.provider.collection import provider_invoice_collect

        transaction.on_commit(lambda: provider_invoice_collect(invoice=invoice))
    return invoice


def _create(collective, subscription, month, turnover, lines, now) -> ProviderInvoice:
    total_excl = sum((line.amount for line in lines), ZERO)
    vat = quantize(total_excl * VAT_RATE / 100)
    by_card = subscription.collection == "stripe" and bool(subscription.payment_method_id)
    issued_on = timezone.localtime(now, collective.zone).date()
    invoice = ProviderInvoice.objects.create(
        number=next_number(issued_on.year),
        collective=collective,
        plan_name=subscription.plan.name,
        period_start=month,
        period_end=last_of_month(month),
        issued_at=now,
        due_on=issued_on if by_card else issued_on + timedelta(days=TRANSFER_DAYS),
        customer_name=collective.legal_name or collective.name,
        customer_address=collective.address,
        customer_siret=collective.siret,
        customer_vat_number=collective.vat_number,
        turnover=turnover,
        total_excl_vat=total_excl,
        vat_rate=VAT_RATE,
        total_vat=vat,
        total_incl_vat=total_excl + vat,
        collection=(
            ProviderInvoice.Collection.STRIPE if by_card else ProviderInvoice.Collection.TRANSFER
        ),
    )
    ProviderInvoiceLine.objects.bulk_create(
        ProviderInvoiceLine(
            invoice=invoice, position=i, label=line.label[:200], amount_excl_vat=line.amount
        )
        for i, line in enumerate(lines, start=1)
    )
    return invoice
