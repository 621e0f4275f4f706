"""Celery beat's schedule: recurring work of the whole fleet.

Each entry sends `maintenance.fleet.fan_out`, which runs the named task once
in every active collective's schema, spread over `spread_seconds`. Add an
entry per recurring job; keep the task itself in its own area's `tasks.py`.
"""

from celery.schedules import crontab

FAN_OUT = "maintenance.fleet.fan_out"


def every_collective(task: str, schedule, spread_seconds: int = 0, **kwargs) -> dict:
    return {
        "task": FAN_OUT,
        "schedule": schedule,
        "kwargs": {"task_name": task, "spread_seconds": spread_seconds, "kwargs": kwargs},
        "options": {"expires": 3600},
    }


BEAT_SCHEDULE: dict[str, dict] = {
    # Cycles for the coming weeks, from each collective's weekly schedules.
    "extend-cycle-schedules": every_collective(
        "shop.cycles.tasks.extend_schedules", crontab(minute=7), spread_seconds=600
    ),
    # Deadline reminders (relances) and "orders are open" notices, when due.
    "deadline-reminders": every_collective(
        "shop.messaging.tasks.send_deadline_reminders", crontab(minute="*/15"), spread_seconds=600
    ),
    "cycle-opening-notices": every_collective(
        "shop.messaging.tasks.announce_open_cycles", crontab(minute="*/15"), spread_seconds=600
    ),
    # Close the cycles whose deadline has passed; producers get their lists.
    "close-due-cycles": every_collective(
        "shop.logistics.tasks.close_due_cycles", crontab(minute="*/5"), spread_seconds=60
    ),
    # Invoices: cycles due for automatic issue (where asked), and PDFs still to draw.
    "issue-due-cycle-invoices": every_collective(
        "shop.invoicing.tasks.issue_due_cycle_invoices",
        crontab(minute=20, hour=6),
        spread_seconds=3600,
    ),
    "render-missing-invoice-pdfs": every_collective(
        "shop.invoicing.tasks.render_missing_invoice_pdfs", crontab(minute=50), spread_seconds=1800
    ),
    # Online payments: charge saved cards once orders are final; membership renewals.
    "charge-final-orders": every_collective(
        "billing.payments.tasks.charge_final_orders",
        crontab(minute=30, hour="6,14"),
        spread_seconds=1800,
    ),
    "membership-reminders": every_collective(
        "billing.payments.tasks.membership_reminders",
        crontab(minute=0, hour=9, day_of_week=1),
        spread_seconds=3600,
    ),
    # The provider's invoices (public schema): monthly issue, daily dunning, webhook retries.
    "provider-invoices": {
        "task": "billing.tasks.invoice_last_month",
        "schedule": crontab(minute=0, hour=4, day_of_month=1),
    },
    "provider-dunning": {"task": "billing.tasks.dunning", "schedule": crontab(minute=0, hour=8)},
    "stripe-events-retry": {
        "task": "billing.tasks.retry_stripe_events",
        "schedule": crontab(minute="*/10"),
    },
    # "Your order is ready" on the morning of each distribution.
    "ready-for-pickup": every_collective(
        "shop.messaging.tasks.send_ready_for_pickup", crontab(minute=20), spread_seconds=900
    ),
    # Spare schemas for fast sign-ups (public schema).
    "refill-spare-schemas": {
        "task": "tenants.tasks.refill_spare_schemas",
        "schedule": crontab(minute="*/15"),
    },
    # Staff console: each collective's figures, nightly exports (spread over 4 hours),
    # the end of support accesses, and deletion of collectives closed 30 days ago.
    "collective-stats": every_collective(
        "maintenance.tasks.refresh_collective_stats", crontab(minute=40), spread_seconds=1800
    ),
    "nightly-backups": every_collective(
        "maintenance.tasks.backup_collective", crontab(minute=0, hour=1), spread_seconds=4 * 3600
    ),
    "expire-support-grants": {
        "task": "maintenance.tasks.expire_support_grants",
        "schedule": crontab(minute="*/5"),
    },
    "purge-closed-collectives": {
        "task": "maintenance.tasks.purge_closed_collectives",
        "schedule": crontab(minute=15, hour=5),
    },
}
