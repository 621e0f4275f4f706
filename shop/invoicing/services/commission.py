"""The collective's own invoices: its fee on producers' sales, and the partner
pickup points' commissions it self-bills.

Rules:
- commission: for a period (dates of issue, both ends included), each
  producer is invoiced by the collective `commission_rate` % of their sales
  VAT excluded — their sale invoices less their credit notes, each counted in
  one commission invoice only, so periods never overlap — rounded to the cent
  once, VAT at the commission VAT rate on top (none if the collective is VAT
  exempt). Business terms and Factur-X: the producer is a business.
- pickup commission: for one distribution, a partner point with a rate is
  owed that % of the goods handed over there VAT excluded (the distribution's
  sale invoices less their credit notes so far); the collective issues the
  partner's invoice in the partner's name (self-billing, "Autofacturation"),
  in the partner's series `F-D<point>-<year>`, once per distribution, after
  the cycle's invoices.
- both need the legal identities of both sides; anything missing stops
  issuance with what to fill in.
"""

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.catalogue.models import Producer
from shop.cycles.models import Distribution
from shop.invoicing import amounts
from shop.invoicing.documents import Draft, exemption_mention, issue_drafts
from shop.invoicing.models import CycleInvoicing, Invoice, InvoicingSettings, PickupPointCommission
from shop.invoicing.numbering import COLLECTIVE_CODE, point_code
from shop.invoicing.parties import (
    Problems,
    collective_identity,
    partner_identity,
    producer_identity,
)
from shop.money import ZERO, quantize

logger = logging.getLogger(__name__)

# The legal mention, word for word (CGI, art. 242 nonies A): not translated.
SELF_BILLING = "Autofacturation"


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _sales_and_credits():
    """Producers' goods sales and the credit notes on them."""
    return Invoice.objects.filter(producer__isnull=False).filter(
        Q(kind=Invoice.Kind.SALE)
        | Q(kind=Invoice.Kind.CREDIT_NOTE, credited_invoice__kind=Invoice.Kind.SALE)
    )


def commission_invoices_issue(*, start: date, end: date, by=None, collective=None) -> list[Invoice]:
    """Invoice each producer the collective's fee on their sales of the period."""
    collective = collective or connection.tenant
    settings_row = InvoicingSettings.load()
    if start > end:
        raise ValidationError(_("The period starts after it ends."))
    if not settings_row.commission_rate:
        raise ValidationError(_("Set the collective's commission rate in the invoicing settings."))
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        counted = list(
            _sales_and_credits()
            .select_for_update(of=("self",))
            .filter(commission_invoice__isnull=True, issue_date__gte=start, issue_date__lte=end)
            .only("pk", "kind", "producer_id", "total_excl_vat")
        )
        bases: dict[int, Decimal] = defaultdict(lambda: ZERO)
        members: dict[int, list[int]] = defaultdict(list)
        for invoice in counted:
            bases[invoice.producer_id] += invoice.sign * invoice.total_excl_vat
            members[invoice.producer_id].append(invoice.pk)
        producers = Producer.objects.in_bulk([p for p, base in bases.items() if base > 0])
        problems = Problems()
        seller = collective_identity(collective, problems)
        drafts = [
            _commission_draft(
                producer,
                producer_identity(producer, problems),
                seller,
                bases[pk],
                settings_row,
                start,
                end,
            )
            for pk, producer in sorted(producers.items())
        ]
        problems.raise_if_any()
        if not drafts:
            raise ValidationError(_("No sales to charge a commission on in this period."))
        invoices = issue_drafts(drafts, by=by, zone=collective.zone)
        for invoice in invoices:
            Invoice.objects.filter(pk__in=members[invoice.producer_id]).update(
                commission_invoice=invoice
            )
    logger.info("%s commission invoices issued by %s", len(invoices), getattr(by, "pk", None))
    return invoices


def _commission_draft(producer, buyer, seller, base, settings_row, start, end) -> Draft:
    rate = settings_row.commission_rate
    fee = quantize(base * rate / 100)
    vat_rate = ZERO if seller["vat_exempt"] else settings_row.commission_vat_rate
    line = amounts.line(
        label=_("Commission of %(rate)s %% on sales from %(start)s to %(end)s")
        % {
            "rate": f"{rate.normalize():f}".replace(".", ","),
            "start": _short(start),
            "end": _short(end),
        },
        detail=_("on %(base)s € excl. VAT") % {"base": f"{base:.2f}".replace(".", ",")},
        quantity=Decimal(1),
        unit="",
        unit_price=fee,
        vat_rate=vat_rate,
        amount=fee,
        prices_incl_vat=False,
    )
    mentions = [_("Operation: provision of services.")]
    if seller["vat_exempt"]:
        mentions.append(exemption_mention())
    return Draft(
        kind=Invoice.Kind.COMMISSION,
        series_code=COLLECTIVE_CODE,
        seller=seller,
        buyer={**buyer, "professional": True},
        lines=[line],
        prices_incl_vat=False,
        sale_date=end,
        reference=_("Period from %(start)s to %(end)s")
        % {"start": _short(start), "end": _short(end)},
        mentions=mentions,
        business_terms=True,
        facturx=True,
        producer=producer,
    )


def pickup_commission_issue(*, distribution: Distribution, by=None, collective=None) -> Invoice:
    """Self-bill the partner point's commission on one distribution (see the module)."""
    collective = collective or connection.tenant
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        distribution = (
            Distribution.objects.select_for_update(of=("self",))
            .select_related("pickup_point", "cycle")
            .get(pk=distribution.pk)
        )
        point = distribution.pickup_point
        commission = PickupPointCommission.objects.filter(point=point).first()
        if commission is None or not commission.rate:
            raise ValidationError(
                _("%(point)s takes no commission: set its rate in the invoicing settings.")
                % {"point": point.name}
            )
        if not CycleInvoicing.objects.filter(cycle_id=distribution.cycle_id).exists():
            raise ValidationError(_("Issue the invoices of the cycle first."))
        if Invoice.objects.filter(
            kind=Invoice.Kind.PICKUP_COMMISSION, distribution=distribution
        ).exists():
            raise ValidationError(_("The commission of this distribution is already invoiced."))
        base = sum(
            (
                invoice.sign * invoice.total_excl_vat
                for invoice in _sales_and_credits().filter(distribution=distribution)
            ),
            ZERO,
        )
        if base <= 0:
            raise ValidationError(_("Nothing was sold at this distribution."))
        problems = Problems()
        seller = partner_identity(commission, problems)
        buyer = collective_identity(collective, problems)
        problems.raise_if_any()
        (invoice,) = issue_drafts(
            [_pickup_draft(distribution, commission, seller, buyer, base, collective)],
            by=by,
            zone=collective.zone,
        )
    logger.info("Pickup commission %s issued by %s", invoice.number, getattr(by, "pk", None))
    return invoice


def _pickup_draft(distribution, commission, seller, buyer, base, collective) -> Draft:
    settings_row = InvoicingSettings.load()
    fee = quantize(base * commission.rate / 100)
    vat_rate = ZERO if seller["vat_exempt"] else settings_row.commission_vat_rate
    day = _short(distribution.date)
    line = amounts.line(
        label=_("Commission of %(rate)s %% on the orders handed over on %(date)s")
        % {"rate": f"{commission.rate.normalize():f}".replace(".", ","), "date": day},
        detail=_("on %(base)s € excl. VAT") % {"base": f"{base:.2f}".replace(".", ",")},
        quantity=Decimal(1),
        unit="",
        unit_price=fee,
        vat_rate=vat_rate,
        amount=fee,
        prices_incl_vat=False,
    )
    mentions = [
        SELF_BILLING,
        _(
            "Invoice issued by %(issuer)s, the buyer, in the name and on behalf of %(seller)s "
            "(self-billing mandate)."
        )
        % {"issuer": buyer["name"], "seller": seller["name"]},
        _("Operation: provision of services."),
    ]
    if seller["vat_exempt"]:
        mentions.append(exemption_mention())
    return Draft(
        kind=Invoice.Kind.PICKUP_COMMISSION,
        series_code=point_code(distribution.pickup_point_id),
        seller=seller,
        buyer={**buyer, "professional": True},
        lines=[line],
        prices_incl_vat=False,
        sale_date=distribution.date,
        reference=_("Distribution of %(date)s at %(point)s")
        % {"date": day, "point": distribution.pickup_point.name},
        mentions=mentions,
        business_terms=True,
        facturx=True,
        cycle=distribution.cycle,
        distribution=distribution,
    )
