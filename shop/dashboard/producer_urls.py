"""A producer's own figures, included in the producer space (/producteur/tableau-de-bord/)."""

from django.urls import path

from shop.dashboard import views

urlpatterns = [
    path("", views.producer_dashboard, name="dashboard"),
    path("<slug:table>.csv", views.producer_csv, name="dashboard_csv"),
]
