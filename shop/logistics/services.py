"""Keeping the collective's logistics settings."""

import logging

from django.db import transaction

from shop.logistics.models import LogisticsSettings

logger = logging.getLogger(__name__)

FIELDS = (
    "collection_point_name",
    "collection_point_address",
    "latitude",
    "longitude",
    "groupage",
    "lines_per_bag",
)


def logistics_settings_update(*, details: dict, by=None) -> LogisticsSettings:
    """Change where goods are gathered and how baskets are packed (one row per collective)."""
    with transaction.atomic():
        LogisticsSettings.load()
        LogisticsSettings.objects.filter(pk=1).update(**{f: details[f] for f in FIELDS})
    logger.info("Logistics settings changed by %s", getattr(by, "pk", None))
    return LogisticsSettings.load()
