"""Billing in the provider's staff console, under /console/facturation/ (apex domain)."""

from django.urls import path

from billing.staff import views

app_name = "billing_staff"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("factures/<str:number>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("factures/<str:number>/payee/", views.invoice_paid, name="invoice_paid"),
    path("formules/", views.plan_list, name="plan_list"),
    path("formules/nouvelle/", views.plan_edit, name="plan_create"),
    path("formules/<int:plan_id>/", views.plan_edit, name="plan_edit"),
    path(
        "abonnements/<int:subscription_id>/formule/", views.collective_plan, name="collective_plan"
    ),
    path("evenements/", views.event_list, name="event_list"),
    path("evenements/<int:event_id>/", views.event_retry, name="event_retry"),
]
