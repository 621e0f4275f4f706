"""A producer's lists and adjustments, under /producteur/logistique/."""

from django.urls import path

from shop.logistics.views import producer

app_name = "logistics"
urlpatterns = [
    path("", producer.home, name="home"),
    path("<int:cycle_id>/", producer.cycle_page, name="cycle"),
    path("<int:cycle_id>/documents/<slug:slug>.<str:fmt>", producer.document, name="document"),
    path("<int:cycle_id>/pesees/", producer.weights, name="weights"),
    path("<int:cycle_id>/manquants/", producer.shortage, name="shortage"),
]
