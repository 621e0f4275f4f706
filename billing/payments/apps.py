from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Consumers paying their collective (a tenant app: one set of tables per collective)."""

    name = "billing.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from billing.payments import receivers

        receivers.connect()
