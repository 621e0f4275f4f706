"""Reads of invoices, always scoped to who may see them; lookups 404 alike
for "does not exist" and "not yours"."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from shop.cycles.models import Distribution, OrderCycle
from shop.invoicing.models import Invoice
from shop.money import ZERO
from shop.orders.models import Order

_LIST_FIELDS = ("credited_invoice", "producer", "order")


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def invoices_for_admin(
    *,
    kind: str = "",
    producer_id: int | None = None,
    cycle_id: int | None = None,
    search: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related(*_LIST_FIELDS).defer("lines", "seller", "buyer")
    if kind:
        invoices = invoices.filter(kind=kind)
    if producer_id:
        invoices = invoices.filter(producer_id=producer_id)
    if cycle_id:
        invoices = invoices.filter(cycle_id=cycle_id)
    if start:
        invoices = invoices.filter(issue_date__gte=start)
    if end:
        invoices = invoices.filter(issue_date__lte=end)
    for word in search.split()[:4]:
        invoices = invoices.filter(
            Q(number__icontains=word)
            | Q(order__number__icontains=word)
            | Q(buyer__name__icontains=word)
            | Q(seller__name__icontains=word)
        )
    return invoices.order_by("-issued_at", "-pk")


def get_invoice_for_admin(invoice_id) -> Invoice:
    invoice = (
        Invoice.objects.select_related("credited_invoice", "producer", "order", "issued_by")
        .filter(pk=_id(invoice_id))
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def invoices_of_customer(user) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(customer=user)
        .select_related("order", "credited_invoice")
        .defer("lines", "seller", "buyer")
        .order_by("-issue_date", "order_id", "pk")
    )


def get_invoice_for_customer(user, invoice_id) -> Invoice:
    invoice = (
        Invoice.objects.filter(customer=user, pk=_id(invoice_id))
        .select_related("credited_invoice", "order")
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def order_invoices_for_customer(user, number: str) -> tuple[Order, list[Invoice]]:
    """The customer's order and its invoices and credit notes, in issue order."""
    order = Order.objects.filter(customer=user, number=number).first()
    if order is None:
        raise Http404
    invoices = list(
        Invoice.objects.filter(order=order, customer=user)
        .select_related("credited_invoice", "order")
        .order_by("issued_at", "pk")
    )
    return order, invoices


def invoices_of_producer(producer) -> QuerySet[Invoice]:
    """Their sales (issued in their name), credit notes on them, and the fees they were charged."""
    return (
        Invoice.objects.filter(producer=producer)
        .select_related("order", "credited_invoice")
        .defer("lines", "seller")
        .order_by("-issued_at", "-pk")
    )


def get_invoice_for_producer(producer, invoice_id) -> Invoice:
    invoice = (
        Invoice.objects.filter(producer=producer, pk=_id(invoice_id))
        .select_related("credited_invoice", "order")
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def producer_sales(producer) -> QuerySet[Invoice]:
    """What goes into a producer's sales journal: documents issued in their name."""
    return Invoice.objects.filter(producer=producer).filter(
        Q(kind=Invoice.Kind.SALE)
        | Q(kind=Invoice.Kind.CREDIT_NOTE, credited_invoice__kind=Invoice.Kind.SALE)
    )


def cycles_to_invoice(limit: int = 12) -> list[OrderCycle]:
    """Closed cycles, latest first, with their orders to invoice and invoices issued."""
    return list(
        OrderCycle.objects.filter(closed_at__isnull=False)
        .select_related("invoicing")
        .annotate(
            order_count=Count(
                "orders", filter=Q(orders__status__in=["placed", "collected"]), distinct=True
            )
        )
        .order_by("-closes_at")[:limit]
    )


def get_closed_cycle(cycle_id) -> OrderCycle:
    cycle = OrderCycle.objects.filter(pk=_id(cycle_id)).first()
    if cycle is None:
        raise Http404
    return cycle


def distributions_of(cycle: OrderCycle) -> list[Distribution]:
    return list(
        Distribution.objects.filter(cycle=cycle)
        .select_related("pickup_point", "pickup_point__commission")
        .order_by("date", "pickup_point__position", "pickup_point__name")
    )


def get_distribution(distribution_id) -> Distribution:
    distribution = (
        Distribution.objects.select_related("pickup_point", "cycle")
        .filter(pk=_id(distribution_id))
        .first()
    )
    if distribution is None:
        raise Http404
    return distribution


@dataclass
class StatementRow:
    order: Order
    amount: Decimal
    collected: Decimal = ZERO


@dataclass
class PaymentTotal:
    label: str
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class Statement:
    """What a pickup point handed over at one distribution, and what it collected."""

    distribution: Distribution
    rows: list[StatementRow] = field(default_factory=list)
    by_payment: list[PaymentTotal] = field(default_factory=list)
    collected_by_mode: list[PaymentTotal] = field(default_factory=list)
    handed_over: int = 0
    not_collected: int = 0
    total: Decimal = ZERO
    collected: Decimal = ZERO
    memberships_by_mode: list[PaymentTotal] = field(default_factory=list)
    memberships: Decimal = ZERO
    commission: Invoice | None = None

    @property
    def in_the_till(self) -> Decimal:
        """Everything the point took: orders paid at pickup and memberships."""
        return self.collected + self.memberships


def distribution_statement(distribution: Distribution) -> Statement:
    """The distribution's orders, each at its invoiced amount (its order total until
    invoiced), with totals per payment status, and the money the point took at
    pickup per mode (cash, cheque, card), to reconcile the till."""
    from shop.logistics.models import PickupPayment

    orders = list(
        Order.objects.filter(distribution=distribution, status__in=["placed", "collected"])
        .select_related("customer")
        .order_by("number")
    )
    invoiced = _sum_by_order(orders, Invoice.Kind.SALE)
    credited = _sum_by_order(orders, Invoice.Kind.CREDIT_NOTE)
    payments = PickupPayment.objects.filter(order__in=orders)
    collected = dict(
        payments.values("order_id").annotate(total=Sum("amount")).values_list("order_id", "total")
    )
    statement = Statement(distribution)
    totals: dict[str, PaymentTotal] = {}
    for order in orders:
        amount = (
            invoiced[order.pk] - credited.get(order.pk, ZERO)
            if order.pk in invoiced
            else order.total_incl_vat
        )
        statement.rows.append(StatementRow(order, amount, collected.get(order.pk, ZERO)))
        total = totals.setdefault(
            order.payment_status, PaymentTotal(order.get_payment_status_display())
        )
        total.count += 1
        total.amount += amount
        statement.total += amount
        if order.status == Order.Status.COLLECTED:
            statement.handed_over += 1
        else:
            statement.not_collected += 1
    statement.by_payment = sorted(totals.values(), key=lambda t: t.label)
    modes = dict(PickupPayment.Mode.choices)
    statement.collected_by_mode = [
        PaymentTotal(str(modes.get(row["mode"], row["mode"])), row["count"], row["total"])
        for row in payments.values("mode")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("mode")
    ]
    statement.collected = sum((row.amount for row in statement.collected_by_mode), ZERO)
    statement.memberships_by_mode = _memberships_taken(distribution)
    statement.memberships = sum((row.amount for row in statement.memberships_by_mode), ZERO)
    statement.commission = Invoice.objects.filter(
        kind=Invoice.Kind.PICKUP_COMMISSION, distribution=distribution
    ).first()
    return statement


def _memberships_taken(distribution: Distribution) -> list[PaymentTotal]:
    """Yearly memberships the depot keeper took at this distribution, per mode."""
    from billing.payments.models import Membership

    modes = dict(Membership.Mode.choices)
    return [
        PaymentTotal(str(modes.get(row["mode"], row["mode"])), row["count"], row["total"])
        for row in Membership.objects.filter(taken_at=distribution)
        .values("mode")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("mode")
    ]


def _sum_by_order(orders: list[Order], kind: str) -> dict[int, Decimal]:
    return dict(
        Invoice.objects.filter(order__in=orders, kind=kind)
        .values("order_id")
        .annotate(total=Sum("total_incl_vat"))
        .values_list("order_id", "total")
    )
