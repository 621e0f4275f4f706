"""Labels for crates and bags: one per bag of each storage class of each order."""

from dataclasses import dataclass
from datetime import date

from shop.cycles.models import OrderCycle
from shop.logistics.reports.pickup import pickup_lists


@dataclass(frozen=True)
class Label:
    order_id: int
    number: str
    customer: str
    point: str
    date: date
    storage: str
    bag: int
    bags: int


def labels_for(
    cycle: OrderCycle, *, point_id: int | None = None, on: date | None = None
) -> list[Label]:
    labels = []
    for sheet in pickup_lists(cycle, point_id=point_id, on=on):
        for row in sheet.rows:
            for storage, count in row.bags_by_storage:
                labels.extend(
                    Label(
                        row.order_id,
                        row.number,
                        row.customer,
                        sheet.point.name,
                        sheet.date,
                        storage,
                        bag,
                        count,
                    )
                    for bag in range(1, count + 1)
                )
    return labels
