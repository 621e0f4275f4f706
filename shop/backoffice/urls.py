"""The collective's back-office for its admins and employees, under /gestion/."""

from django.urls import path

from shop.backoffice.views import dashboard

app_name = "backoffice"
urlpatterns = [
    path("", dashboard.home, name="home"),
]
