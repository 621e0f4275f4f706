"""The PDF of a provider invoice, made from the issued invoice (which never changes)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from billing.provider.invoicing import provider_identity
from billing.provider.models import ProviderInvoice


def provider_invoice_pdf(invoice: ProviderInvoice) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "billing/provider_invoice_pdf.html",
            {
                "invoice": invoice,
                "lines": list(invoice.lines.all()),
                "provider": provider_identity(),
                "zone": invoice.collective.zone,
            },
        )
    return HTML(string=html).write_pdf()
