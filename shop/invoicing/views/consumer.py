"""A consumer's invoices (/factures/): per order, one receipt gathering the
producers' invoices (and any credit note), and each document on its own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shop.invoicing import selectors
from shop.invoicing.pdf import invoice_pdf
from shop.invoicing.views.common import invoice_response, pdf_response
from shop.logistics.documents.pdf import merge


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    invoices = list(selectors.invoices_of_customer(request.user)[:500])
    orders: dict[int, dict] = {}
    for invoice in invoices:
        group = orders.setdefault(invoice.order_id, {"order": invoice.order, "invoices": []})
        group["invoices"].append(invoice)
    return render(request, "invoicing/consumer/list.html", {"orders": list(orders.values())})


@login_required
def order_receipt(request: HttpRequest, number: str) -> HttpResponse:
    order, invoices = selectors.order_invoices_for_customer(request.user, number)
    if not invoices:
        messages.info(
            request,
            _("The invoices of this order are issued once the weights and quantities are final."),
        )
        return redirect("storefront:order", number=order.number)
    data = merge([invoice_pdf(invoice) for invoice in invoices])  # one receipt
    return pdf_response(data, f"factures-{order.number}.pdf")


@login_required
def invoice_download(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return invoice_response(selectors.get_invoice_for_customer(request.user, invoice_id))
