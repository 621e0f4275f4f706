from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def provision_sign_up(request_id: int) -> None:
    """Make the shop of a sign-up (runs in the public schema)."""
    from public_site.signup import sign_up_provision

    sign_up_provision(request_id=request_id)
