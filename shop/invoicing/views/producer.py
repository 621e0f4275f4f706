"""A producer's invoices in their space (/producteur/factures/): the sales issued
in their name, credit notes on them, the fees the collective charged them,
and their sales journal. Admins pass `?producer=<id>` like elsewhere there."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from shop.access import producer_required
from shop.backoffice.views.common import page_of
from shop.invoicing import selectors
from shop.invoicing.exports.journal import sales_journal_csv
from shop.invoicing.forms import PeriodForm
from shop.invoicing.views.common import invoice_response, text_response
from shop.producer_space.access import is_admin, space_producer, space_query


def _producer(request: HttpRequest):
    producer = space_producer(request)
    if producer is None:  # an admin who has not chosen whose space
        raise Http404
    return producer


@producer_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    if space_producer(request) is None:
        return redirect("producer_space:home")
    producer = _producer(request)
    return render(
        request,
        "invoicing/producer/list.html",
        {
            # What every page of the producer space has (see producer_space.views.common).
            "producer": producer,
            "space_query": space_query(request, producer),
            "acting_as_admin": is_admin(request.user),
            "page": page_of(request, selectors.invoices_of_producer(producer)),
            "period": PeriodForm.with_last_month(),
        },
    )


@producer_required
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    producer = _producer(request)
    return invoice_response(selectors.get_invoice_for_producer(producer, invoice_id))


@producer_required
def journal_csv(request: HttpRequest) -> HttpResponse:
    producer = _producer(request)
    form = PeriodForm(request.GET)
    invoices = selectors.producer_sales(producer)
    name = f"journal-ventes-{producer.slug}.csv"
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        invoices = invoices.filter(issue_date__gte=start, issue_date__lte=end)
        name = f"journal-ventes-{producer.slug}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    return text_response(sales_journal_csv(invoices), name, "text/csv")
