"""A producer's own space, under /producteur/: products, photos, weekly offer."""

from django.urls import path

from shop.producer_space.views import home

app_name = "producer_space"
urlpatterns = [
    path("", home.home, name="home"),
]
