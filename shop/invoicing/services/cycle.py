"""Issuing the sale invoices of a cycle: one per producer per order, in the
producer's name, issued by the collective under a billing mandate.

Rules:
- a cycle is invoiced once it is closed (`closed_at` set) and its orders are
  final (weights and shortages recorded): the admin decides when, with the
  "issue the invoices of this cycle" action;
- orders placed or collected are invoiced; cancelled orders are not;
- each producer of an order gets one invoice for their lines, numbered in
  their own series; lines of nothing (a shortage brought to 0) are left out;
- a home delivery fee is the collective's own sale: a separate invoice in
  the collective's series, VAT-included at the delivery VAT rate;
- professionals get business terms (due date, penalties, 40 € indemnity)
  and Factur-X;
- all or nothing: any missing legal identity stops issuance with a message
  per thing to fill in, and nothing is written; issuing again later only
  issues what is not issued yet.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.cycles.models import OrderCycle
from shop.invoicing import amounts
from shop.invoicing.documents import Draft, exemption_mention, issue_drafts, mandate_mention
from shop.invoicing.models import CycleInvoicing, Invoice, InvoicingSettings
from shop.invoicing.numbering import COLLECTIVE_CODE, producer_code
from shop.invoicing.parties import (
    Problems,
    collective_identity,
    household_identity,
    mandatary,
    producer_identity,
    professional_identity,
)
from shop.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)

INVOICED_STATUSES = (Order.Status.PLACED, Order.Status.COLLECTED)


@dataclass
class CycleIssue:
    invoices: list[Invoice]

    @property
    def count(self) -> int:
        return len(self.invoices)


def cycle_invoices_issue(*, cycle: OrderCycle, by=None, collective=None) -> CycleIssue:
    """Issue every sale invoice of the closed `cycle` not issued yet (see the module)."""
    from django.conf import settings

    collective = collective or connection.tenant
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # One issuer per cycle at a time; a second one finds the work done.
        cycle = OrderCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.closed_at is None:
            raise ValidationError(
                _("The invoices of %(cycle)s are issued once the cycle is closed.")
                % {"cycle": cycle.name}
            )
        orders = _orders(cycle)
        drafts = _drafts(cycle, orders, collective)
        invoices = issue_drafts(drafts, by=by, zone=collective.zone)
        CycleInvoicing.objects.update_or_create(
            cycle=cycle,
            defaults={
                "issued_at": invoices[0].issued_at if invoices else timezone.now(),
                "issued_by": by if getattr(by, "pk", None) else None,
                "invoice_count": Invoice.objects.filter(
                    cycle=cycle, kind=Invoice.Kind.SALE
                ).count(),
            },
        )
    logger.info(
        "%s invoices of cycle %s issued by %s", len(invoices), cycle.pk, getattr(by, "pk", None)
    )
    return CycleIssue(invoices)


def cycles_due_for_invoicing(*, today: date, days: int) -> list[OrderCycle]:
    """Closed cycles not invoiced yet whose last distribution was `days` days ago or more."""
    return list(
        OrderCycle.objects.filter(closed_at__isnull=False, invoicing__isnull=True)
        .annotate(last_day=Max("distributions__date"))
        .filter(last_day__lte=today - timedelta(days=days))
        .order_by("closes_at")
    )


def _orders(cycle: OrderCycle) -> list[Order]:
    """The cycle's orders to invoice, locked so their lines cannot change meanwhile."""
    locked = list(
        Order.objects.select_for_update()
        .filter(cycle=cycle, status__in=INVOICED_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(
        Order.objects.filter(pk__in=locked)
        .select_related(
            "cycle",
            "customer",
            "customer__profile",
            "customer__professional",
            "distribution",
            "pickup_point",
        )
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.select_related("producer").order_by("pk"),
            )
        )
        .order_by("pk")
    )


def _drafts(cycle: OrderCycle, orders: list[Order], collective) -> list[Draft]:
    settings_row = InvoicingSettings.load()
    done = _already_issued(cycle)
    problems = Problems()
    issuer = mandatary(collective)["name"]
    producers: dict[int, dict] = {}
    own: dict | None = None
    drafts: list[Draft] = []
    for order in orders:
        buyer = _buyer(order, problems)
        by_producer: dict[int, list] = defaultdict(list)
        for line in order.lines.all():
            if line.amount and (order.pk, line.producer_id) not in done:
                by_producer[line.producer_id].append(line)
        for producer_id, lines in sorted(by_producer.items()):
            producer = lines[0].producer
            if producer_id not in producers:
                producers[producer_id] = producer_identity(producer, problems)
            drafts.append(
                _sale_draft(order, producer, producers[producer_id], buyer, lines, issuer)
            )
        if order.delivery_fee and (order.pk, None) not in done:
            if own is None:
                own = collective_identity(collective, problems)
            drafts.append(_delivery_draft(order, own, buyer, settings_row))
    problems.raise_if_any()
    return drafts


def _already_issued(cycle: OrderCycle) -> set[tuple[int, int | None]]:
    return set(
        Invoice.objects.filter(cycle=cycle, kind=Invoice.Kind.SALE).values_list(
            "order_id", "producer_id"
        )
    )


def _buyer(order: Order, problems: Problems) -> dict:
    user = order.customer
    if order.is_professional:
        account = getattr(user, "professional", None)
        return professional_identity(user, account, problems)
    return household_identity(user, getattr(user, "profile", None), order.delivery_address)


def _reference(order: Order) -> str:
    return _("Order %(number)s, %(point)s, %(date)s") % {
        "number": order.number,
        "point": order.pickup_point.name,
        "date": date_format(order.distribution.date, "SHORT_DATE_FORMAT"),
    }


def _sale_draft(order, producer, seller, buyer, lines, issuer) -> Draft:
    incl = not order.is_professional
    exempt = producer.vat_exempt
    mentions = [mandate_mention(issuer, seller["name"]), _("Operation: delivery of goods.")]
    if exempt:
        mentions.append(exemption_mention())
    return Draft(
        kind=Invoice.Kind.SALE,
        series_code=producer_code(producer.pk),
        seller=seller,
        buyer=buyer,
        lines=[amounts.order_line(line, prices_incl_vat=incl, exempt=exempt) for line in lines],
        prices_incl_vat=incl,
        sale_date=order.distribution.date,
        reference=_reference(order),
        mentions=mentions,
        business_terms=order.is_professional,
        facturx=order.is_professional,
        order=order,
        producer=producer,
        customer=order.customer,
        cycle=order.cycle,
        distribution=order.distribution,
    )


def _delivery_draft(order, seller, buyer, settings_row) -> Draft:
    exempt = seller["vat_exempt"]
    rate = amounts.ZERO if exempt else settings_row.delivery_vat_rate
    line = amounts.line(
        label=_("Home delivery"),
        quantity=amounts.Decimal(1),
        unit="piece",
        unit_price=order.delivery_fee,
        vat_rate=rate,
        amount=order.delivery_fee,
        prices_incl_vat=True,
    )
    mentions = [_("Operation: provision of services.")]
    if exempt:
        mentions.append(exemption_mention())
    return Draft(
        kind=Invoice.Kind.SALE,
        series_code=COLLECTIVE_CODE,
        seller=seller,
        buyer=buyer,
        lines=[line],
        # The fee is charged VAT included to everyone (see Order.total_incl_vat).
        prices_incl_vat=True,
        sale_date=order.distribution.date,
        reference=_reference(order),
        mentions=mentions,
        business_terms=order.is_professional,
        facturx=order.is_professional,
        order=order,
        customer=order.customer,
        cycle=order.cycle,
        distribution=order.distribution,
    )
