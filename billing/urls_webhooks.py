from django.urls import path

from billing.events.views import stripe_webhook

urlpatterns = [path("", stripe_webhook, name="stripe_webhook")]
