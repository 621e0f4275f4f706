"""URLs of the apex domain: the platform's public site and staff console."""

from django.urls import include, path

from groupage import tls
from groupage.health import healthz
from public_site import views as public_views

urlpatterns = [
    path("", public_views.landing, name="landing"),
    path("healthz", healthz, name="healthz"),
    path("_tls/ask", tls.ask, name="tls_ask"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("console/", include("maintenance.urls_console")),
    path("", include("public_site.urls")),
    path("stripe/webhook/", include("billing.urls_webhooks")),
    path("console/facturation/", include("billing.urls_staff")),
]
