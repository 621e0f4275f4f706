"""Delivery notes (bons de livraison) for professional customers, VAT excluded."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from shop.cycles.models import OrderCycle
from shop.logistics.names import counted_unit
from shop.logistics.reports.common import live_orders, person_name
from shop.members.models import ProfessionalAccount
from shop.money import Totals, totals_for
from shop.orders.models import OrderLine


@dataclass
class NoteLine:
    product_name: str
    producer: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: Decimal
    amount: Decimal
    variable_weight: bool
    actual_weight_kg: Decimal | None


@dataclass
class DeliveryNote:
    order_id: int
    number: str
    customer: str
    company: str
    siret: str
    vat_number: str
    billing_address: str
    point: str
    date: date
    delivery_address: str
    delivery_fee: Decimal
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    lines: list[NoteLine] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        return totals_for(
            ((line.vat_rate, line.amount) for line in self.lines), prices_incl_vat=False
        )


def delivery_notes(cycle: OrderCycle, *, point_id: int | None = None) -> list[DeliveryNote]:
    """The professional orders of the cycle: three queries."""
    orders = live_orders(cycle).filter(is_professional=True)
    if point_id is not None:
        orders = orders.filter(pickup_point_id=point_id)
    values = orders.values(
        "id",
        "number",
        "customer_id",
        "customer__first_name",
        "customer__last_name",
        "customer__email",
        "pickup_point__name",
        "distribution__date",
        "delivery_address",
        "delivery_fee",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
    ).order_by("distribution__date", "pickup_point__position", "number")
    values = list(values)
    accounts = {
        a.user_id: a
        for a in ProfessionalAccount.objects.filter(user_id__in={v["customer_id"] for v in values})
    }
    lines: dict[int, list[NoteLine]] = defaultdict(list)
    for row in (
        OrderLine.objects.filter(order_id__in=[v["id"] for v in values])
        .values_list(
            "order_id",
            "product_name",
            "producer__farm_name",
            "quantity",
            "unit",
            "unit_price",
            "vat_rate",
            "amount",
            "variable_weight",
            "actual_weight_kg",
            "estimated_weight_kg",
        )
        .order_by("producer__farm_name", "product_name")
    ):
        order_id, name, farm, qty, unit, price, rate, amount, variable, actual, estimated = row
        unit = counted_unit(unit, variable, estimated)
        lines[order_id].append(
            NoteLine(name, farm, qty, unit, price, rate, amount, variable, actual)
        )
    notes = []
    for v in values:
        account = accounts.get(v["customer_id"])
        notes.append(
            DeliveryNote(
                order_id=v["id"],
                number=v["number"],
                customer=person_name(
                    v["customer__first_name"], v["customer__last_name"], v["customer__email"]
                ),
                company=account.company_name if account else "",
                siret=account.siret if account else "",
                vat_number=account.vat_number if account else "",
                billing_address=account.billing_address if account else "",
                point=v["pickup_point__name"],
                date=v["distribution__date"],
                delivery_address=v["delivery_address"],
                delivery_fee=v["delivery_fee"],
                total_excl_vat=v["total_excl_vat"],
                total_vat=v["total_vat"],
                total_incl_vat=v["total_incl_vat"],
                lines=lines.get(v["id"], []),
            )
        )
    return notes
