"""The admin's dashboard, included in the back-office (/gestion/tableau-de-bord/)."""

from django.urls import path

from shop.dashboard import views

urlpatterns = [
    path("", views.collective_dashboard, name="dashboard"),
    path("<slug:table>.csv", views.collective_csv, name="dashboard_csv"),
]
