"""The ZIP of every document of a cycle: asked for, then made in the background."""

import logging
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from shop.cycles.models import OrderCycle
from shop.logistics.models import DocumentsBundle

logger = logging.getLogger(__name__)


def bundle_request(*, cycle: OrderCycle, now: datetime | None = None) -> DocumentsBundle:
    """Ask for the cycle's documents as one ZIP; a task makes it (anew if asked again)."""
    now = now or timezone.now()
    with transaction.atomic():
        bundle, _created = DocumentsBundle.objects.select_for_update().get_or_create(
            cycle=cycle, defaults={"requested_at": now}
        )
        bundle.requested_at = now
        bundle.save(update_fields=["requested_at"])
        transaction.on_commit(lambda: _enqueue(cycle.pk))
    return bundle


def bundle_build(*, cycle: OrderCycle) -> DocumentsBundle:
    """Make the ZIP now (the task's work), replacing the previous one."""
    from shop.logistics.documents.bundle import documents_zip

    started = timezone.now()
    content = documents_zip(cycle)
    bundle, _created = DocumentsBundle.objects.get_or_create(
        cycle=cycle, defaults={"requested_at": started}
    )
    old = bundle.file.name if bundle.file else ""
    bundle.file.save(f"{slugify(cycle.name)}-documents.zip", ContentFile(content), save=False)
    bundle.built_at = started
    bundle.save(update_fields=["file", "built_at"])
    if old and old != bundle.file.name:
        bundle.file.storage.delete(old)
    logger.info("Documents of cycle %s zipped (%d bytes)", cycle.pk, len(content))
    return bundle


def _enqueue(cycle_id: int) -> None:
    from shop.logistics.tasks import build_documents_bundle

    build_documents_bundle.delay(cycle_id)
