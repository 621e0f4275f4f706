"""The Celery application.

tenant-schemas-celery records the current collective's schema when a task is
sent and switches to it in the worker, so a task always runs in the schema of
the collective that scheduled it.
"""

import gc
import os

from celery.signals import worker_process_init
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groupage.settings")

app = CeleryApp("groupage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_startup_objects(**_kwargs) -> None:
    """Keep what the worker loaded at start (Django, the apps) out of the garbage
    collector's scans: rendering PDFs makes many short-lived cycles, and each
    full collection would otherwise walk every object of the framework too."""
    gc.freeze()
