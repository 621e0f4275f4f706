"""URLs of a collective's site (`<slug>.<PLATFORM_DOMAIN>` and custom domains)."""

from django.urls import include, path

from groupage.health import healthz
from tenants.media import collective_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("gestion/", include("shop.backoffice.urls")),
    path("producteur/", include("shop.producer_space.urls")),
    path("connexion/", include("public_site.handoff_urls")),
    path("paiement/", include("billing.payments.urls")),
    path("depot/", include("shop.logistics.urls_depot")),
    path("courriels/", include("shop.messaging.urls")),
    path("travail/", include("shop.workbank.urls")),
    path("factures/", include("shop.invoicing.urls_consumer")),
    path("media/<str:schema>/<path:path>", collective_media, name="collective_media"),
    path("", include("shop.storefront.urls")),
]
