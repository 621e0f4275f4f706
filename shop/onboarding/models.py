"""What a new collective chooses while setting up its shop (collective schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentModes(models.Model):
    """One row per collective: how consumers may pay. Chosen once during set-up."""

    at_pickup = models.BooleanField(_("at pickup (cash, cheque or card)"), default=True)
    online = models.BooleanField(_("online by card"), default=False)
    bank_transfer = models.BooleanField(_("bank transfer"), default=False)
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment modes")

    def __str__(self) -> str:
        return "payment modes"

    @classmethod
    def load(cls) -> "PaymentModes":
        row, _created = cls.objects.get_or_create(pk=1)
        return row
