from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "shop.storefront"
    label = "storefront"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from shop.storefront import invalidation  # noqa: F401 - connects the receivers
