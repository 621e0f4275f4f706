"""Invoicing in the back-office, included under /gestion/factures/ (`backoffice:invoicing:`)."""

from django.urls import path

from shop.invoicing.views import backoffice as views

app_name = "invoicing"
urlpatterns = [
    path("", views.home, name="index"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/emettre/", views.cycle_issue, name="issue"),
    path("documents/", views.invoice_list, name="invoices"),
    path("documents/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("documents/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("documents/<int:invoice_id>/avoir/", views.credit_note_create, name="invoice_credit"),
    path("commissions/", views.commission, name="commission"),
    path("distributions/<int:distribution_id>/", views.statement, name="statement"),
    path("distributions/<int:distribution_id>/pdf/", views.statement_pdf, name="statement_pdf"),
    path(
        "distributions/<int:distribution_id>/commission/",
        views.pickup_commission,
        name="pickup_commission",
    ),
    path("reglages/", views.settings_page, name="settings"),
    path("reglages/points/<int:point_id>/", views.point_commission, name="partner"),
    path("exports/", views.exports, name="exports"),
    path("exports/journal-ventes.csv", views.journal_csv, name="journal"),
    path("exports/fec.txt", views.fec, name="fec"),
]
