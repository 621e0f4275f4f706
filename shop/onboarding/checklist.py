"""The steps of setting up a new collective's shop, each done or not, from its data."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Producer
from shop.cycles.models import CycleSchedule
from shop.members.models import ShopSettings
from shop.onboarding.models import PaymentModes
from shop.pickup.models import PickupPoint
from tenants.models import Collective


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    help: str
    done: bool
    url: str
    action: str


def onboarding_steps(collective: Collective) -> list[Step]:
    """Seven steps, in the order a new collective takes them; a constant number of queries."""
    settings_row = ShopSettings.load()
    payment = PaymentModes.objects.filter(pk=1).values_list("chosen_at", flat=True).first()
    url = lambda name: reverse(f"backoffice:{name}")  # noqa: E731
    return [
        Step(
            "identity",
            _("Legal identity"),
            _("The collective's legal name and address, shown on invoices and the legal notice."),
            bool(collective.legal_name and collective.address),
            url("identity"),
            _("Fill in the identity"),
        ),
        Step(
            "producers",
            _("Invite the producers"),
            _("Each producer gets an e-mail with a link to create their account and products."),
            Producer.objects.filter(user__isnull=False).exists(),
            url("onboarding:invite"),
            _("Invite producers"),
        ),
        Step(
            "pickup_points",
            _("Add the pickup points"),
            _("Farms, shops or community centres where consumers collect their orders."),
            PickupPoint.objects.filter(active=True).exists(),
            url("point_create"),
            _("Add a pickup point"),
        ),
        Step(
            "weekly_cycle",
            _("Set the weekly cycle"),
            _("When ordering closes each week; the order cycles are then created ahead."),
            CycleSchedule.objects.filter(active=True).exists(),
            url("schedule_create"),
            _("Set the weekly cycle"),
        ),
        Step(
            "payment",
            _("Choose how consumers pay"),
            _("At pickup, online by card, or both."),
            payment is not None,
            url("onboarding:payment"),
            _("Choose payment modes"),
        ),
        Step(
            "rules",
            _("Write the rules and charter"),
            _("How the collective works, shown to consumers before they order."),
            bool(settings_row.rules.strip() or settings_row.charter.strip()),
            url("shop_settings"),
            _("Write them"),
        ),
        Step(
            "open",
            _("Open the shop"),
            _("Consumers can order once the shop is open."),
            settings_row.is_open,
            url("onboarding:checklist") + "#open",
            _("Open the shop"),
        ),
    ]
