"""A consumer's invoices, included under /factures/ on the collective's site."""

from django.urls import path

from shop.invoicing.views import consumer as views

app_name = "my_invoices"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("commande/<str:number>/", views.order_receipt, name="order"),
    path("<int:invoice_id>/pdf/", views.invoice_download, name="pdf"),
]
