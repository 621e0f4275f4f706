"""URLs of a collective's site (`<slug>.<PLATFORM_DOMAIN>` and custom domains)."""

from django.conf import settings
from django.urls import include, path
from django.views.static import serve

from groupage.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("gestion/", include("shop.backoffice.urls")),
    path("producteur/", include("shop.producer_space.urls")),
    path("", include("shop.storefront.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
