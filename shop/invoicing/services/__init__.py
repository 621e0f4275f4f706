"""Every way an invoice comes to exist: one service per kind of document."""

from shop.invoicing.services.commission import commission_invoices_issue, pickup_commission_issue
from shop.invoicing.services.credit import credit_note_issue
from shop.invoicing.services.cycle import cycle_invoices_issue
from shop.invoicing.services.settings import invoicing_settings_update, pickup_commission_set

__all__ = [
    "commission_invoices_issue",
    "credit_note_issue",
    "cycle_invoices_issue",
    "invoicing_settings_update",
    "pickup_commission_issue",
    "pickup_commission_set",
]
