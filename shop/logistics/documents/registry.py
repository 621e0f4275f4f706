"""The seven documents of a cycle: who may have them, and how each is rendered.

Each document is computed once by its selector (reports/) and rendered as a
printable A4 PDF, a CSV or an XLSX file from that same data.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.logistics.documents import tables
from shop.logistics.documents.pdf import chunk_htmls, convert_many, html_to_pdf, merge
from shop.logistics.documents.qr import qr_data_uri
from shop.logistics.links import order_scan_url, site_url
from shop.logistics.names import storage_label, unit_label
from shop.logistics.reports import (
    baskets,
    delivery_notes,
    groupage,
    harvest,
    labels,
    pickup,
    preparation,
)
from shop.logistics.reports.common import Header, header_for
from shop.pickup.models import PickupPoint

FORMATS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Scope:
    """What part of the cycle a document covers: all of it, a producer's or a point's."""

    producer: Producer | None = None
    point: PickupPoint | None = None
    on: date | None = None

    @property
    def point_id(self) -> int | None:
        return self.point.pk if self.point else None


@dataclass(frozen=True)
class Chunking:
    """How a long document is cut for rendering on every core (see documents.pdf)."""

    blocks: Callable[[Any], list]
    weight: Callable[[Any], int]
    align: int = 1
    put: Callable[[dict, list], dict] | None = None
    page_numbers: bool = True  # "n / N" on the joined pieces, as base.html on a whole one


@dataclass(frozen=True)
class DocumentType:
    slug: str
    title: Any  # lazy text
    description: Any
    template: str
    data: Callable[[OrderCycle, Scope], Any]
    table: Callable[[Any, Header], tables.Table]
    # Roles besides admins who get it, narrowed to what is theirs.
    producers: bool = False
    keepers: bool = False
    by_producer: bool = False
    by_point: bool = False
    chunking: Chunking | None = None


# --- Tables ---------------------------------------------------------------------------------


def _harvest_table(data, header: Header) -> tables.Table:
    dates = header.dates if header.split_by_date else []
    table = tables.Table(
        _("Harvest list"),
        [_("Producer"), _("Product"), _("Variant"), _("Unit"), _("Storage"), _("Quantity")]
        + [date_.strftime("%d/%m/%Y") for date_ in dates]
        + [_("Orders"), _("Estimated weight (kg)")],
    )
    for p in data:
        for r in p.rows:
            table.rows.append(
                [p.producer.farm_name, r.product, r.label, unit_label(r.unit, r.quantity)]
                + [storage_label(r.storage), r.quantity]
                + [r.by_date.get(d) for d in dates]
                + [r.orders, r.estimated_weight_kg]
            )
    return table


def _preparation_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Preparation list"),
        [
            _("Producer"),
            _("Pickup point"),
            _("Date"),
            _("Storage"),
            _("Product"),
            _("Variant"),
            _("Unit"),
            _("Quantity"),
            _("Orders"),
        ],
    )
    for p in data:
        for point in p.points:
            for crate in point.crates:
                for r in crate.rows:
                    table.rows.append(
                        [
                            p.producer.farm_name,
                            point.point.name,
                            point.date,
                            storage_label(crate.storage),
                            r.product,
                            r.label,
                            unit_label(r.unit, r.quantity),
                            r.quantity,
                            r.orders,
                        ]
                    )
    return table


def _groupage_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Groupage sheet"),
        [
            _("Producer"),
            _("Product"),
            _("Variant"),
            _("Unit"),
            _("Storage"),
            _("Expected"),
            _("Received"),
            _("Missing"),
        ],
    )
    for p in data:
        for r in p.rows:
            table.rows.append(
                [
                    p.producer.farm_name,
                    r.product,
                    r.label,
                    unit_label(r.unit, r.expected),
                    storage_label(r.storage),
                    r.expected,
                    r.received,
                    r.missing,
                ]
            )
    return table


def _baskets_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Basket sheets"),
        [
            _("Order"),
            _("Customer"),
            _("Pickup point"),
            _("Date"),
            _("Storage"),
            _("Quantity"),
            _("Unit"),
            _("Product"),
            _("Producer"),
            _("Weight (kg)"),
        ],
    )
    for sheet in data:
        for group in sheet.groups:
            for line in group.lines:
                table.rows.append(
                    [
                        sheet.number,
                        sheet.customer,
                        sheet.point,
                        sheet.date,
                        storage_label(group.storage),
                        line.quantity,
                        unit_label(line.unit, line.quantity),
                        line.product_name,
                        line.producer,
                        line.actual_weight_kg,
                    ]
                )
    return table


def _pickup_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Pickup list"),
        [
            _("Pickup point"),
            _("Date"),
            _("Customer"),
            _("Order"),
            _("Phone"),
            _("Ambient bags"),
            _("Fresh bags"),
            _("Frozen bags"),
            _("To pay"),
            _("Membership to pay"),
            _("Collected"),
        ],
    )
    for sheet in data:
        for row in sheet.rows:
            table.rows.append(
                [
                    sheet.point.name,
                    sheet.date,
                    row.customer,
                    row.number,
                    row.phone,
                    row.bags.get("ambient", 0),
                    row.bags.get("fresh", 0),
                    row.bags.get("frozen", 0),
                    row.due,
                    row.membership_due,
                    _("yes") if row.collected else "",
                ]
            )
    return table


def _labels_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Labels"),
        [
            _("Order"),
            _("Customer"),
            _("Pickup point"),
            _("Date"),
            _("Storage"),
            _("Bag"),
            _("Bags of this storage"),
        ],
    )
    for label in data["labels"]:
        table.rows.append(
            [
                label.number,
                label.customer,
                label.point,
                label.date,
                storage_label(label.storage),
                label.bag,
                label.bags,
            ]
        )
    return table


def _notes_table(data, header: Header) -> tables.Table:
    table = tables.Table(
        _("Delivery notes"),
        [
            _("Order"),
            _("Company"),
            _("Customer"),
            _("Date"),
            _("Product"),
            _("Producer"),
            _("Quantity"),
            _("Unit"),
            _("Unit price excl. VAT"),
            _("VAT rate"),
            _("Amount excl. VAT"),
        ],
    )
    for note in data:
        for line in note.lines:
            table.rows.append(
                [
                    note.number,
                    note.company,
                    note.customer,
                    note.date,
                    line.product_name,
                    line.producer,
                    line.actual_weight_kg if line.actual_weight_kg is not None else line.quantity,
                    "kg"
                    if line.actual_weight_kg is not None
                    else unit_label(line.unit, line.quantity),
                    line.unit_price,
                    line.vat_rate,
                    line.amount,
                ]
            )
    return table


def _labels_data(cycle: OrderCycle, scope: Scope) -> dict:
    found = labels.labels_for(cycle, point_id=scope.point_id, on=scope.on)
    base = site_url()
    qr = {n: qr_data_uri(order_scan_url(base, n)) for n in dict.fromkeys(lb.number for lb in found)}
    return {"labels": found, "qr": qr}


DOCUMENTS: dict[str, DocumentType] = {
    d.slug: d
    for d in (
        DocumentType(
            "harvest",
            gettext_lazy("Harvest list"),
            gettext_lazy("Per producer: the totals to harvest or make, per product and variant."),
            "logistics/pdf/harvest.html",
            lambda c, s: harvest.harvest_lists(c, producer=s.producer),
            _harvest_table,
            producers=True,
            by_producer=True,
        ),
        DocumentType(
            "preparation",
            gettext_lazy("Preparation list"),
            gettext_lazy("Per producer and pickup point: what goes in which crate."),
            "logistics/pdf/preparation.html",
            lambda c, s: preparation.preparation_lists(c, producer=s.producer),
            _preparation_table,
            producers=True,
            by_producer=True,
            chunking=Chunking(
                list, lambda p: sum(3 * len(c.rows) + 3 for w in p.points for c in w.crates)
            ),
        ),
        DocumentType(
            "groupage",
            gettext_lazy("Groupage sheet"),
            gettext_lazy("What each producer brings, to tick off on arrival."),
            "logistics/pdf/groupage.html",
            lambda c, s: groupage.groupage_sheet(c, producer=s.producer),
            _groupage_table,
            by_producer=True,
        ),
        DocumentType(
            "baskets",
            gettext_lazy("Basket sheets"),
            gettext_lazy("One per order, lines grouped by storage class."),
            "logistics/pdf/baskets.html",
            lambda c, s: baskets.basket_sheets(c, point_id=s.point_id, on=s.on),
            _baskets_table,
            by_point=True,
            chunking=Chunking(list, lambda b: b.line_count + 2 * len(b.groups) + 3),
        ),
        DocumentType(
            "pickup",
            gettext_lazy("Pickup list"),
            gettext_lazy("Per pickup point and date: who collects what, what is left to pay."),
            "logistics/pdf/pickup.html",
            lambda c, s: pickup.pickup_lists(c, point_id=s.point_id, on=s.on),
            _pickup_table,
            keepers=True,
            by_point=True,
            chunking=Chunking(list, lambda sheet: 4 * len(sheet.rows) + 10),
        ),
        DocumentType(
            "labels",
            gettext_lazy("Labels"),
            gettext_lazy("A4 sheets of 24 labels: one per bag or crate, with the order's QR code."),
            "logistics/pdf/labels.html",
            _labels_data,
            _labels_table,
            by_point=True,
            chunking=Chunking(
                lambda data: data["labels"],
                lambda label: 5,
                align=24,  # whole A4 sheets
                put=lambda ctx, chunk: {**ctx, "data": {**ctx["data"], "labels": chunk}},
                page_numbers=False,  # sheets of labels, no foot
            ),
        ),
        DocumentType(
            "delivery-notes",
            gettext_lazy("Delivery notes"),
            gettext_lazy("For professional customers, prices excluding VAT."),
            "logistics/pdf/delivery_notes.html",
            lambda c, s: delivery_notes.delivery_notes(c, point_id=s.point_id),
            _notes_table,
            by_point=True,
            chunking=Chunking(list, lambda note: 5 * len(note.lines) + 30),
        ),
    )
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render_document(
    document: DocumentType, fmt: str, *, cycle: OrderCycle, scope: Scope = Scope()
) -> Rendered:
    """The document as a file: `fmt` is "pdf", "csv" or "xlsx"."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    header = header_for(cycle)
    data = document.data(cycle, scope)
    if fmt == "pdf":
        htmls = pdf_htmls(document, data, header=header, scope=scope)
        content = (
            html_to_pdf(htmls[0])
            if len(htmls) == 1
            else merge(convert_many(htmls), page_numbers=document.chunking.page_numbers)
        )
    else:
        content = table_file(document, data, header=header, fmt=fmt)
    return Rendered(content, FORMATS[fmt], filename(document, cycle, scope, fmt))


def pdf_htmls(document: DocumentType, data, *, header: Header, scope: Scope) -> list[str]:
    """The document's HTML: one piece, or chunks to render side by side when long."""
    context = {
        "title": document.title,
        "header": header,
        "data": data,
        "scope": scope,
        "generated_at": timezone.localtime(),
    }
    chunking = document.chunking
    if chunking is None:
        return [render_to_string(document.template, context)]
    return chunk_htmls(
        document.template,
        context,
        chunking.blocks(data),
        weight=chunking.weight,
        align=chunking.align,
        put=chunking.put,
    )


def table_file(document: DocumentType, data, *, header: Header, fmt: str) -> bytes:
    table = document.table(data, header)
    return tables.csv_bytes(table) if fmt == "csv" else tables.xlsx_bytes(table)


def filename(document: DocumentType, cycle: OrderCycle, scope: Scope, fmt: str) -> str:
    parts = [document.slug, cycle.name]
    if scope.producer:
        parts.append(scope.producer.farm_name)
    if scope.point:
        parts.append(scope.point.name)
    if scope.on:
        parts.append(scope.on.isoformat())
    return f"{slugify(' '.join(parts))}.{fmt}"
