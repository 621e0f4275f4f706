"""The FEC (Fichier des Écritures Comptables) of the collective's own books.

What is the collective's: the invoices it issues as seller (its commission on
producers' sales, home delivery fees) and the commissions it self-bills for
partner pickup points (purchases), with the credit notes on them. Producers'
sales under billing mandate are the producers' books, not the collective's.

Layout (art. A47 A-1 of the LPF): the 18 official columns, `|` between them,
dates `YYYYMMDD`, amounts with a decimal comma, one line per account movement;
each document is one entry (`EcritureNum`, a continuous sequence in the
file), balanced: debits equal credits.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from shop.invoicing.models import Invoice
from shop.money import ZERO

COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
SALES = ("VT", "Ventes")
PURCHASES = ("HA", "Achats")
CUSTOMERS = ("411000", "Clients")
SUPPLIERS = ("401000", "Fournisseurs")
COMMISSION_REVENUE = ("706000", "Prestations de services")
DELIVERY_REVENUE = ("708500", "Ports et frais accessoires facturés")
COMMISSION_EXPENSE = ("622000", "Rémunérations d'intermédiaires et honoraires")
VAT_COLLECTED = ("445710", "TVA collectée")
VAT_DEDUCTIBLE = ("445660", "TVA déductible sur autres biens et services")


@dataclass
class Movement:
    account: tuple[str, str]
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    aux: tuple[str, str] = ("", "")
    label: str = ""


def own_documents(start: date, end: date):
    """The collective's own invoices and credit notes issued in the period."""
    own = Q(kind__in=[Invoice.Kind.COMMISSION, Invoice.Kind.PICKUP_COMMISSION]) | Q(
        kind=Invoice.Kind.SALE, producer__isnull=True
    )
    credited_own = Q(kind=Invoice.Kind.CREDIT_NOTE) & (
        Q(credited_invoice__kind__in=[Invoice.Kind.COMMISSION, Invoice.Kind.PICKUP_COMMISSION])
        | Q(credited_invoice__kind=Invoice.Kind.SALE, credited_invoice__producer__isnull=True)
    )
    return (
        Invoice.objects.filter(own | credited_own, issue_date__gte=start, issue_date__lte=end)
        .select_related("credited_invoice")
        .order_by("issue_date", "issued_at", "series_key", "sequence")
    )


def _nature(invoice: Invoice) -> str:
    original = invoice.credited_invoice if invoice.is_credit_note else invoice
    return original.kind


def movements(invoice: Invoice) -> tuple[tuple[str, str], list[Movement]]:
    """The journal and the balanced movements of one document."""
    nature = _nature(invoice)
    credit_note = invoice.is_credit_note
    vat_lines = invoice.vat_lines()
    moves: list[Movement] = []
    if nature == Invoice.Kind.PICKUP_COMMISSION:
        journal = PURCHASES
        party = invoice.seller
        for row in vat_lines:
            moves.append(_side(COMMISSION_EXPENSE, row["base_excl"], debit=not credit_note))
            if row["vat"]:
                moves.append(_side(VAT_DEDUCTIBLE, row["vat"], debit=not credit_note))
        moves.append(_side(SUPPLIERS, invoice.total_incl_vat, debit=credit_note, aux=_aux(party)))
    else:
        journal = SALES
        party = invoice.buyer
        revenue = COMMISSION_REVENUE if nature == Invoice.Kind.COMMISSION else DELIVERY_REVENUE
        moves.append(
            _side(CUSTOMERS, invoice.total_incl_vat, debit=not credit_note, aux=_aux(party))
        )
        for row in vat_lines:
            moves.append(_side(revenue, row["base_excl"], debit=credit_note))
            if row["vat"]:
                moves.append(_side(VAT_COLLECTED, row["vat"], debit=credit_note))
    label = f"{invoice.number} {party.get('name', '')}"[:100]
    for move in moves:
        move.label = label
    return journal, [m for m in moves if m.debit or m.credit]


def _side(account, amount: Decimal, *, debit: bool, aux=("", "")) -> Movement:
    if debit:
        return Movement(account, debit=amount, aux=aux)
    return Movement(account, credit=amount, aux=aux)


def _aux(party: dict) -> tuple[str, str]:
    return (party.get("code", "") or "", party.get("name", "") or "")


def _money(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _clean(text: str) -> str:
    return " ".join(str(text).replace("|", "/").split())


def fec_rows(start: date, end: date) -> list[list[str]]:
    rows = []
    for number, invoice in enumerate(own_documents(start, end), start=1):
        journal, moves = movements(invoice)
        day = invoice.issue_date.strftime("%Y%m%d")
        for move in moves:
            rows.append(
                [
                    journal[0],
                    journal[1],
                    str(number),
                    day,
                    move.account[0],
                    move.account[1],
                    move.aux[0],
                    _clean(move.aux[1]),
                    invoice.number,
                    day,
                    _clean(move.label),
                    _money(move.debit),
                    _money(move.credit),
                    "",
                    "",
                    day,
                    "",
                    "",
                ]
            )
    return rows


def fec_filename(siren: str, end: date) -> str:
    return f"{siren or '000000000'}FEC{end:%Y%m%d}.txt"


def fec_text(start: date, end: date) -> str:
    out = io.StringIO()
    out.write("|".join(COLUMNS) + "\r\n")
    for row in fec_rows(start, end):
        out.write("|".join(row) + "\r\n")
    return out.getvalue()
