"""What the invoicing pages share: sending documents."""

from django.http import HttpResponse

from shop.invoicing.models import Invoice
from shop.invoicing.pdf import invoice_pdf


def pdf_response(data: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def invoice_response(invoice: Invoice) -> HttpResponse:
    return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf")


def text_response(text: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
