"""Links to invoices from other areas' pages (one tag, one query)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from shop.invoicing.models import Invoice

register = template.Library()


@register.simple_tag
def order_invoices_link(order) -> str:
    """ "Download my invoices" on a consumer's order, once it is invoiced."""
    if not Invoice.objects.filter(order=order, customer_id=order.customer_id).exists():
        return ""
    return format_html(
        '<a class="btn secondary" href="{}">{}</a>',
        reverse("my_invoices:order", args=[order.number]),
        _("Download my invoices"),
    )
