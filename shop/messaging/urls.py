"""The collective site's e-mail links (no sign-in needed), under /courriels/."""

from django.urls import path

from shop.messaging.views.unsubscribe import unsubscribe

app_name = "messaging"
urlpatterns = [
    path("desabonnement/<str:token>/", unsubscribe, name="unsubscribe"),
]
