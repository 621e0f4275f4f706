"""Logistics in the back-office, under /gestion/logistique/."""

from django.urls import path

from shop.logistics.views import backoffice

app_name = "logistics"
urlpatterns = [
    path("", backoffice.cycle_list, name="cycles"),
    path("cycles/<int:cycle_id>/", backoffice.cycle_documents, name="cycle"),
    path(
        "cycles/<int:cycle_id>/documents/<slug:slug>.<str:fmt>",
        backoffice.document,
        name="document",
    ),
    path("cycles/<int:cycle_id>/fermer/", backoffice.close, name="close"),
    path("cycles/<int:cycle_id>/tout/", backoffice.bundle, name="bundle"),
    path("cycles/<int:cycle_id>/tout.zip", backoffice.bundle_download, name="bundle_download"),
    path("cycles/<int:cycle_id>/groupage/", backoffice.groupage, name="groupage"),
    path("cycles/<int:cycle_id>/ajustements/", backoffice.adjust, name="adjust"),
    path("cycles/<int:cycle_id>/pesees/", backoffice.weights, name="weights"),
    path("cycles/<int:cycle_id>/manquants/", backoffice.shortage, name="shortage"),
    path("cycles/<int:cycle_id>/tournee/", backoffice.tour, name="tour"),
    path("cycles/<int:cycle_id>/livraison/<str:day>/", backoffice.delivery, name="delivery"),
    path(
        "cycles/<int:cycle_id>/livraison/<str:day>/position/",
        backoffice.delivery_place,
        name="delivery_place",
    ),
    path("apres-distribution/", backoffice.after, name="after"),
    path("reglages/", backoffice.settings_edit, name="settings"),
]
