from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducerSpaceConfig(AppConfig):
    name = "shop.producer_space"
    label = "producer_space"
    verbose_name = _("Producer space")
