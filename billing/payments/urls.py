"""The consumer's payment pages, under /paiement/ on a collective's site."""

from django.urls import path

from billing.payments import views

app_name = "payments"
urlpatterns = [
    path("adhesion/", views.membership, name="membership"),
    path("adhesion/en-ligne/", views.membership_online, name="membership_online"),
    path("adhesion/retour/", views.membership_return, name="membership_return"),
    path("<str:number>/", views.order_payment, name="order"),
    path("<str:number>/retour/", views.order_payment_return, name="order_return"),
    path("<str:number>/au-retrait/", views.order_payment_at_pickup, name="order_at_pickup"),
]
