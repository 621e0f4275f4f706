"""Figures of each collective for the fleet view, refreshed in the background."""

import os
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import connection
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from maintenance.models import CollectiveStats
from maintenance.operations import media_folder
from tenants.models import Collective


def week_start(collective: Collective, now: datetime) -> datetime:
    """Monday 00:00 of this week, in the collective's time zone."""
    local = timezone.localtime(now, collective.zone)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time.min, tzinfo=collective.zone)


def collective_stats_refresh(
    *, collective: Collective, now: datetime | None = None
) -> CollectiveStats:
    """Orders and turnover this week, last activity, database and media sizes."""
    from groupage.accounts.models import User
    from shop.orders.models import Order

    now = now or timezone.now()
    with tenant_context(collective):
        week = (
            Order.objects.filter(placed_at__gte=week_start(collective, now))
            .exclude(status=Order.Status.CANCELLED)
            .aggregate(orders=Count("id"), turnover=Sum("total_incl_vat"))
        )
        last_order = Order.objects.aggregate(at=Max("placed_at"))["at"]
        last_login = User.objects.aggregate(at=Max("last_login"))["at"]
    connection.set_schema_to_public()
    stats, _created = CollectiveStats.objects.update_or_create(
        collective=collective,
        defaults={
            "orders_this_week": week["orders"],
            "turnover_this_week": week["turnover"] or 0,
            "last_activity_at": max((t for t in (last_order, last_login) if t), default=None),
            "database_bytes": schema_bytes(collective.schema_name),
            "media_bytes": folder_bytes(media_folder(collective.schema_name)),
            "refreshed_at": now,
        },
    )
    return stats


def schema_bytes(schema_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [schema_name],
        )
        return int(cursor.fetchone()[0])


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                continue
    return total
