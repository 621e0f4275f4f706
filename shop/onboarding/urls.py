"""Getting a new collective's shop ready, in its back-office under /gestion/demarrage/."""

from django.urls import path

from shop.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.checklist, name="checklist"),
    path("producteurs/", views.invite, name="invite"),
    path("paiement/", views.payment, name="payment"),
    path("ouvrir/", views.open_shop, name="open"),
    path("acces-support/", views.support_log, name="support_log"),
    path("nouveautes/", views.whats_new, name="whats_new"),
]
