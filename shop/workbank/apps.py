from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbankConfig(AppConfig):
    name = "shop.workbank"
    label = "workbank"
    verbose_name = _("Work bank")
