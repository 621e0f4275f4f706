"""From a draft to an issued invoice: number, dates, totals, legal mentions.

Every issuing service builds `Draft`s, checks them, then calls `issue_drafts`
inside its transaction: the series are locked, the issue time read after the
locks, numbers handed out in the drafts' order and the rows written at once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.invoicing import amounts
from shop.invoicing.models import Invoice, InvoicingSettings
from shop.invoicing.numbering import lock_series, series_key

RECOVERY_INDEMNITY = "40 €"
# `business_terms` appends this many mentions, last: credit notes leave them out.
BUSINESS_TERMS_COUNT = 4


@dataclass
class Draft:
    kind: str
    # The issuer's code in the numbering (`P0012`, `COL`, `D0003`), see `numbering`.
    series_code: str
    seller: dict
    buyer: dict
    lines: list[dict]
    prices_incl_vat: bool
    sale_date: date
    reference: str = ""
    mentions: list[str] = field(default_factory=list)
    # Business terms (due date, penalties, 40 € indemnity) when the buyer is a business.
    business_terms: bool = False
    facturx: bool = False
    order: object = None
    producer: object = None
    customer: object = None
    cycle: object = None
    distribution: object = None
    credited_invoice: Invoice | None = None


def mandate_mention(issuer: str, seller: str) -> str:
    return _(
        "Invoice issued by %(issuer)s in the name and on behalf of %(seller)s, "
        "under a billing mandate."
    ) % {"issuer": issuer, "seller": seller}


def exemption_mention() -> str:
    return amounts.EXEMPTION_REASON


def business_terms(due: date, settings_row: InvoicingSettings) -> list[str]:
    return [
        _("Payment due by %(date)s.") % {"date": date_format(due, "SHORT_DATE_FORMAT")},
        # French law asks to state whether a discount applies for early payment.
        _("No discount for early payment."),
        _("Late payment penalties: %(rate)s.") % {"rate": settings_row.late_penalty_rate},
        _("Fixed indemnity for recovery costs in case of late payment: %(amount)s.")
        % {"amount": RECOVERY_INDEMNITY},
    ]


def issue_drafts(drafts: list[Draft], *, by=None, zone=None) -> list[Invoice]:
    """Number and write `drafts`, in their order; call inside the issuing transaction."""
    if not drafts:
        return []
    zone = zone or timezone.get_current_timezone()
    settings_row = InvoicingSettings.load()
    year = timezone.localtime(timezone.now(), zone).year
    keys = [_key(draft, year) for draft in drafts]
    counters = lock_series(keys)
    issued_at = timezone.now()  # after the locks: numbers follow issue times
    issue_date = timezone.localtime(issued_at, zone).date()
    invoices = [
        _invoice(draft, key, counters, issued_at, issue_date, settings_row, by)
        for draft, key in zip(drafts, keys, strict=True)
    ]
    Invoice.objects.bulk_create(invoices, batch_size=500)
    counters.save()
    ids = [invoice.pk for invoice in invoices]
    transaction.on_commit(lambda: _render_later(ids))
    return invoices


def _key(draft: Draft, year: int) -> str:
    return series_key(
        credit=draft.kind == Invoice.Kind.CREDIT_NOTE, code=draft.series_code, year=year
    )


def _invoice(draft: Draft, key, counters, issued_at, issue_date, settings_row, by) -> Invoice:
    rank, number = counters.take(key)
    result = amounts.totals(draft.lines, prices_incl_vat=draft.prices_incl_vat)
    mentions = list(draft.mentions)
    due = None
    if draft.business_terms:
        due = issue_date + timedelta(days=settings_row.payment_terms_days)
        mentions += business_terms(due, settings_row)
    return Invoice(
        kind=draft.kind,
        series_key=key,
        sequence=rank,
        number=number,
        issued_at=issued_at,
        issue_date=issue_date,
        sale_date=draft.sale_date,
        due_date=due,
        reference=draft.reference[:200],
        seller=draft.seller,
        buyer=draft.buyer,
        lines=draft.lines,
        vat_breakdown=amounts.breakdown(result),
        mentions=[m for m in mentions if m],
        prices_incl_vat=draft.prices_incl_vat,
        total_excl_vat=result.total_excl,
        total_vat=result.total_vat,
        total_incl_vat=result.total_incl,
        order=draft.order,
        producer=draft.producer,
        customer=draft.customer,
        cycle=draft.cycle,
        distribution=draft.distribution,
        credited_invoice=draft.credited_invoice,
        facturx=draft.facturx,
        issued_by=by if getattr(by, "pk", None) else None,
    )


def _render_later(ids: list[int]) -> None:
    from shop.invoicing.tasks import schedule_pdfs

    schedule_pdfs(ids)
