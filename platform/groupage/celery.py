"""The Celery application.

tenant-schemas-celery records the current collective's schema when a task is
sent and switches to it in the worker, so a task always runs in the schema of
the collective that scheduled it.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groupage.settings")

app = CeleryApp("groupage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
