"""The depot keeper's pages, under /depot/ (an installable web app that works offline)."""

from django.urls import path

from shop.logistics.views import depot

app_name = "depot"
urlpatterns = [
    path("", depot.home, name="home"),
    path("sw.js", depot.service_worker, name="service_worker"),
    path("manifest.webmanifest", depot.manifest, name="manifest"),
    path("points/<int:point_id>/", depot.point_page, name="point"),
    path("points/<int:point_id>/liste.pdf", depot.pickup_pdf, name="pickup_pdf"),
    path("points/<int:point_id>/sync/", depot.sync, name="sync"),
    path("points/<int:point_id>/commandes/<int:order_id>/", depot.action, name="action"),
    path("commande/<str:number>/", depot.order_scan, name="order_scan"),
]
