"""Billing in the collective's back-office, under /gestion/abonnement/."""

from django.urls import path

from billing.backoffice import payments, subscription

app_name = "billing"
urlpatterns = [
    path("", subscription.overview, name="overview"),
    path("formule/", subscription.change_plan, name="change_plan"),
    path("carte/", subscription.card, name="card"),
    path("carte/retour/", subscription.card_return, name="card_return"),
    path("virement/", subscription.transfer, name="transfer"),
    path("factures/<str:number>.pdf", subscription.invoice_pdf, name="invoice_pdf"),
    path("factures/<str:number>/payer/", subscription.invoice_pay, name="invoice_pay"),
    path("factures/<str:number>/retour/", subscription.invoice_return, name="invoice_return"),
    path("paiements/", payments.payment_settings, name="payment_settings"),
    path("paiements/stripe/", payments.connect, name="connect"),
    path("paiements/stripe/retour/", payments.connect_return, name="connect_return"),
    path("paiements/commandes/<int:order_id>/", payments.order_payment, name="order_payment"),
    path(
        "paiements/commandes/<int:order_id>/encaisser/",
        payments.order_charge,
        name="order_charge",
    ),
    path("paiements/evenements/", payments.event_list, name="event_list"),
    path("paiements/evenements/<int:event_id>/", payments.event_retry, name="event_retry"),
    path("adhesions/", payments.member_list, name="member_list"),
    path("adhesions/<int:membership_id>/encaisser/", payments.member_paid, name="member_paid"),
    path("a-encaisser/", payments.dues, name="dues"),
]
