"""Spreadsheet exports: CSV that Excel opens as it is, and XLSX.

CSV: UTF-8 with a byte-order mark (so French accents survive Excel), ';'
between columns and decimal commas, as French spreadsheets expect. Cells
that a spreadsheet would read as a formula are written behind an apostrophe.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from shop.catalogue.csv_io import format_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff".encode() + out.getvalue().encode()


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(table.title))
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for text in table.headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | int | float):
        return format_number(Decimal(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _xlsx_cell(value):
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31] or "Sheet"
