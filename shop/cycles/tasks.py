from celery import shared_task
from django.db import connection

from shop.cycles.models import CycleSchedule
from shop.cycles.services import schedule_extend


@shared_task(ignore_result=True)
def extend_schedules() -> int:
    """Create this collective's cycles for the coming weeks (idempotent)."""
    collective = connection.tenant
    created = 0
    for schedule in CycleSchedule.objects.filter(active=True):
        created += len(schedule_extend(schedule=schedule, zone=collective.zone))
    return created
