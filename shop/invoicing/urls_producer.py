"""A producer's invoices, included under /producteur/factures/ (`producer_space:invoicing:`)."""

from django.urls import path

from shop.invoicing.views import producer as views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list, name="invoices"),
    path("<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("journal-ventes.csv", views.journal_csv, name="journal"),
]
