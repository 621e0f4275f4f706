"""Basket sheets: one per order, its lines grouped by storage class, to assemble it."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby

from shop.cycles.models import OrderCycle
from shop.logistics.models import LogisticsSettings
from shop.logistics.names import counted_unit
from shop.logistics.reports.common import STORAGE_ORDER, bags_for, live_lines, person_name


@dataclass
class BasketLine:
    quantity: Decimal
    unit: str
    product_name: str
    producer: str
    variable_weight: bool
    actual_weight_kg: Decimal | None


@dataclass
class StorageGroup:
    storage: str
    lines: list[BasketLine]
    bags: int


@dataclass
class BasketSheet:
    order_id: int
    number: str
    customer: str
    point: str
    date: date
    delivery_address: str
    note: str
    groups: list[StorageGroup] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return sum(len(g.lines) for g in self.groups)


def basket_sheets(
    cycle: OrderCycle, *, point_id: int | None = None, on: date | None = None
) -> list[BasketSheet]:
    """One query for every line of every order, sorted as the sheets are printed."""
    lines = live_lines(cycle)
    if point_id is not None:
        lines = lines.filter(order__pickup_point_id=point_id)
    if on is not None:
        lines = lines.filter(order__distribution__date=on)
    per_bag = LogisticsSettings.load().lines_per_bag
    rows = lines.values_list(
        "order_id",
        "order__number",
        "order__customer__first_name",
        "order__customer__last_name",
        "order__customer__email",
        "order__pickup_point__name",
        "order__distribution__date",
        "order__delivery_address",
        "order__note",
        "storage",
        "quantity",
        "unit",
        "product_name",
        "producer__farm_name",
        "variable_weight",
        "actual_weight_kg",
        "estimated_weight_kg",
    ).order_by(
        "order__distribution__date",
        "order__pickup_point__position",
        "order__pickup_point__name",
        "order__customer__last_name",
        "order__customer__first_name",
        "order__number",
        "producer__farm_name",
        "product_name",
    )
    sheets = []
    for _order_id, order_rows in groupby(rows, key=lambda r: r[0]):
        order_rows = list(order_rows)
        first = order_rows[0]
        sheet = BasketSheet(
            order_id=first[0],
            number=first[1],
            customer=person_name(first[2], first[3], first[4]),
            point=first[5],
            date=first[6],
            delivery_address=first[7],
            note=first[8],
        )
        by_storage = sorted(order_rows, key=lambda r: STORAGE_ORDER.get(r[9], 9))
        for storage, group in groupby(by_storage, key=lambda r: r[9]):
            group_lines = [
                BasketLine(r[10], counted_unit(r[11], r[14], r[16]), r[12], r[13], r[14], r[15])
                for r in group
            ]
            sheet.groups.append(
                StorageGroup(storage, group_lines, bags_for(len(group_lines), per_bag))
            )
        sheets.append(sheet)
    return sheets
