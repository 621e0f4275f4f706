from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupConfig(AppConfig):
    name = "shop.pickup"
    label = "pickup"
    verbose_name = _("Pickup points")
