"""Credit notes (avoirs): the only way to correct an issued invoice.

Rules:
- an issued invoice never changes; a correction is a credit note in the
  issuer's credit-note series (`A-<issuer>-<year>`), naming the invoice;
- a credit note takes back all that remains of an invoice, or given amounts
  of some of its lines, each at most what remains of that line (its amount
  less what earlier credit notes took back);
- amounts are on the invoice's basis (VAT included for households, excluded
  for professionals) and VAT is worked out per rate as for any invoice;
- a reason is required and printed; a credit note is never credited itself.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from shop.invoicing import amounts
from shop.invoicing.documents import BUSINESS_TERMS_COUNT, Draft, issue_drafts
from shop.invoicing.models import Invoice
from shop.money import ZERO, quantize

logger = logging.getLogger(__name__)


def remaining_by_line(invoice: Invoice) -> list[Decimal]:
    """What may still be credited on each line of `invoice`."""
    remaining = [Decimal(line["amount"]) for line in invoice.lines]
    for note_lines in invoice.credit_notes.values_list("lines", flat=True):
        for line in note_lines:
            index = line.get("credits_line")
            if index is not None and 0 <= index < len(remaining):
                remaining[index] -= Decimal(line["amount"])
    return remaining


def credit_note_issue(
    *,
    invoice: Invoice,
    reason: str,
    line_amounts: dict[int, Decimal] | None = None,
    by=None,
    collective=None,
) -> Invoice:
    """Credit `line_amounts` ({line index: amount}) of `invoice`, or all that remains."""
    collective = collective or connection.tenant
    reason = " ".join(reason.split())
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # Two credit notes on one invoice never both take what remains.
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note:
            raise ValidationError(_("A credit note cannot be credited."))
        if not reason:
            raise ValidationError(_("Give the reason for the credit note; it is printed on it."))
        lines = _credit_lines(invoice, line_amounts)
        draft = Draft(
            kind=Invoice.Kind.CREDIT_NOTE,
            series_code=invoice.series_key.split("-")[1],
            seller=invoice.seller,
            buyer=invoice.buyer,
            lines=lines,
            prices_incl_vat=invoice.prices_incl_vat,
            sale_date=invoice.sale_date,
            reference=invoice.reference,
            mentions=[*own_mentions(invoice), _("Reason: %(reason)s") % {"reason": reason}],
            facturx=invoice.facturx,
            order=invoice.order,
            producer=invoice.producer,
            customer=invoice.customer,
            cycle=invoice.cycle,
            distribution=invoice.distribution,
            credited_invoice=invoice,
        )
        (note,) = issue_drafts([draft], by=by, zone=collective.zone)
    logger.info(
        "Credit note %s on %s issued by %s", note.number, invoice.number, getattr(by, "pk", None)
    )
    return note


def own_mentions(invoice: Invoice) -> list[str]:
    """The invoice's mentions without its payment terms (nothing is due on a credit note)."""
    if invoice.due_date:
        return invoice.mentions[:-BUSINESS_TERMS_COUNT]
    return list(invoice.mentions)


def _credit_lines(invoice: Invoice, line_amounts: dict[int, Decimal] | None) -> list[dict]:
    remaining = remaining_by_line(invoice)
    if line_amounts is None:
        wanted = {i: left for i, left in enumerate(remaining) if left > 0}
    else:
        wanted = {int(i): _amount(a) for i, a in line_amounts.items() if _amount(a) != 0}
        if not wanted:
            raise ValidationError(_("Give the amount to credit on one line at least."))
    if not wanted:
        raise ValidationError(_("Nothing is left to credit on this invoice."))
    lines = []
    for index, amount in sorted(wanted.items()):
        if not 0 <= index < len(invoice.lines):
            raise ValidationError(_("This invoice has no such line."))
        original = invoice.lines[index]
        if amount < 0:
            raise ValidationError(_("Amounts to credit are positive."))
        if amount > remaining[index]:
            raise ValidationError(
                _("At most %(left)s € can still be credited on “%(label)s”.")
                % {"left": f"{remaining[index]:.2f}".replace(".", ","), "label": original["label"]}
            )
        lines.append(_credit_line(invoice, index, original, amount))
    return lines


def _credit_line(invoice: Invoice, index: int, original: dict, amount: Decimal) -> dict:
    if amount == Decimal(original["amount"]):
        line = dict(original)  # the whole line, as invoiced
    else:
        line = amounts.line(
            label=original["label"],
            detail=_("partial"),
            quantity=Decimal(1),
            unit="",
            unit_price=amount,
            vat_rate=Decimal(original["vat_rate"]),
            amount=amount,
            prices_incl_vat=invoice.prices_incl_vat,
        )
    line["credits_line"] = index
    return line


def _amount(value) -> Decimal:
    try:
        amount = quantize(Decimal(str(value).replace(",", ".").strip() or "0"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give amounts like 12,50.")) from None
    return amount if amount.is_finite() else ZERO
