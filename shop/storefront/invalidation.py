"""Keep the storefront's caches right when the collective changes its shop.

Cached reads (upcoming cycles, product grids, shop settings) carry versions;
saving or deleting the models they show bumps those versions. Bulk updates
that bypass signals are covered by the caches' short lifetimes, and orders
bump their cycle's version themselves (see `shop.orders.services`).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from shop.catalogue.models import Category, Producer, Product, ProductPhoto, Variant
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.members.models import ShopSettings
from shop.orders.signals import catalogue_changed, offer_changed
from shop.pickup.models import PickupPoint
from shop.storefront.selectors import cycles_changed, settings_changed

# Each runs once the writer's transaction commits: bumped earlier, a reader
# could cache the old rows under the new version.


def _catalogue(sender, instance, **kwargs):
    transaction.on_commit(catalogue_changed)


def _cycle(sender, instance, **kwargs):
    cycle_id = instance.pk
    transaction.on_commit(lambda: (cycles_changed(), offer_changed(cycle_id)))


def _distribution(sender, instance, **kwargs):
    cycle_id = instance.cycle_id
    transaction.on_commit(lambda: (cycles_changed(), offer_changed(cycle_id)))


def _pickup_point(sender, instance, **kwargs):
    transaction.on_commit(cycles_changed)


def _offer_item(sender, instance, **kwargs):
    cycle_id = instance.cycle_id
    transaction.on_commit(lambda: offer_changed(cycle_id))


def _settings(sender, instance, **kwargs):
    transaction.on_commit(settings_changed)


RECEIVERS = [
    *((model, _catalogue) for model in (Category, Producer, Product, ProductPhoto, Variant)),
    (OrderCycle, _cycle),
    (Distribution, _distribution),
    (PickupPoint, _pickup_point),
    (OfferItem, _offer_item),
    (ShopSettings, _settings),
]
for model, handler in RECEIVERS:
    post_save.connect(handler, sender=model, dispatch_uid=f"storefront-{model.__name__}-save")
    post_delete.connect(handler, sender=model, dispatch_uid=f"storefront-{model.__name__}-delete")
