from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "shop.messaging"
    label = "messaging"
    verbose_name = _("E-mails and messages")

    def ready(self) -> None:
        from shop.messaging import receivers

        receivers.connect()
