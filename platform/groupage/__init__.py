"""The Django project wiring of Groupage (settings, URL routing, Celery app).

Imported as `groupage`; lives in `platform/` next to the public site.
"""

from groupage.celery import app as celery_app

__all__ = ["celery_app"]
