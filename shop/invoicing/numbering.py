"""Gapless, chronological invoice numbers, one series per issuer and year.

A number is `<series key>-<rank>`, e.g. `F-P0012-2026-000123`: `F` invoices,
`A` credit notes (avoirs); `P0012` producer 12, `COL` the collective itself,
`D0003` pickup point 3 (self-billed); then the year of issue.

The rule: the series rows are locked (`SELECT … FOR UPDATE`, in key order so
that two issuers never deadlock) inside the issuing transaction, ranks are
handed out from the locked counters, and the counters are written back in the
same transaction. A rollback gives every number back; a concurrent issuer
waits for the commit and continues after the last number. The issue time is
read after the locks are held, so numbers follow issue times. Never a
PostgreSQL sequence: sequences burn numbers on rollback.
"""

from collections.abc import Iterable

from django.db import transaction

from shop.invoicing.models import InvoiceSeries

COLLECTIVE_CODE = "COL"


def producer_code(producer_id: int) -> str:
    return f"P{producer_id:04d}"


def point_code(point_id: int) -> str:
    return f"D{point_id:04d}"


def series_key(*, credit: bool, code: str, year: int) -> str:
    return f"{'A' if credit else 'F'}-{code}-{year}"


def format_number(key: str, rank: int) -> str:
    return f"{key}-{rank:06d}"


class Counters:
    """The locked counters of some series, for the current transaction only."""

    def __init__(self, rows: dict[str, InvoiceSeries]):
        self._rows = rows
        self._taken: set[str] = set()

    def take(self, key: str) -> tuple[int, str]:
        """The next rank and number of series `key` (which must be locked)."""
        row = self._rows[key]
        rank = row.next_number
        row.next_number += 1
        self._taken.add(key)
        return rank, format_number(key, rank)

    def save(self) -> None:
        rows = [self._rows[key] for key in sorted(self._taken)]
        InvoiceSeries.objects.bulk_update(rows, ["next_number"])
        self._taken.clear()


def lock_series(keys: Iterable[str]) -> Counters:
    """Lock the counters of `keys`, creating missing series; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Invoice series are locked inside the issuing transaction.")
    keys = sorted(set(keys))
    InvoiceSeries.objects.bulk_create(
        [InvoiceSeries(key=key) for key in keys], ignore_conflicts=True
    )
    rows = InvoiceSeries.objects.select_for_update().filter(key__in=keys).order_by("key")
    return Counters({row.key: row for row in rows})
