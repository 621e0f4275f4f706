"""A task for the fault tests: does real, idempotent work, then lingers so that
the worker can be killed after the work and before the acknowledgement."""

import os
import time
from pathlib import Path

from celery import shared_task


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, name="tests.faults.extend_then_linger"
)
def extend_then_linger(self, marker: str) -> int:
    from shop.cycles.tasks import extend_schedules

    created = extend_schedules.run()
    Path(f"{marker}.{os.getpid()}").write_text(str(created))
    if not self.request.delivery_info.get("redelivered"):
        time.sleep(60)  # killed here, the first time
    return created
