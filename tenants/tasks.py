from celery import shared_task

from tenants.reserve import refill_reserve


@shared_task(ignore_result=True)
def refill_spare_schemas() -> int:
    """Keep PROVISIONING_RESERVE spare schemas ready (runs in the public schema)."""
    return refill_reserve()
