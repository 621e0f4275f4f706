"""Reads for the staff console: the fleet, one collective, the runs."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When

from maintenance.fleet_migrations.detect import target_fingerprint
from maintenance.models import FleetMigrationItem, Ring
from tenants.models import Collective


@dataclass(frozen=True)
class FleetFilters:
    query: str = ""
    status: str = ""
    plan: str = ""
    ring: str = ""
    schema: str = ""  # "behind" or "current"
    errors: bool = False


def fleet_list(filters: FleetFilters) -> QuerySet[Collective]:
    """Every collective with what the fleet view shows, in a fixed number of queries."""
    last_item = FleetMigrationItem.objects.filter(collective=OuterRef("pk")).order_by("-id")
    rows = (
        Collective.objects.exclude(schema_name="public")
        .select_related("stats", "subscription__plan", "rollout_ring")
        .annotate(
            up_to_date=Case(
                When(migration_fingerprint=target_fingerprint(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            last_migration_status=Subquery(last_item.values("status")[:1]),
            last_migration_error=Subquery(last_item.values("error")[:1]),
        )
        .order_by("name")
    )
    if filters.query:
        rows = rows.filter(
            Q(name__icontains=filters.query)
            | Q(slug__icontains=filters.query)
            | Q(territory__icontains=filters.query)
            | Q(contact_email__icontains=filters.query)
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.plan:
        rows = rows.filter(subscription__plan__slug=filters.plan)
    if filters.ring:
        ring = int(filters.ring)
        rows = (
            rows.filter(Q(rollout_ring__ring=ring) | Q(rollout_ring__isnull=True))
            if ring == Ring.ALL
            else rows.filter(rollout_ring__ring=ring)
        )
    if filters.schema == "behind":
        rows = rows.filter(up_to_date=False)
    elif filters.schema == "current":
        rows = rows.filter(up_to_date=True)
    if filters.errors:
        rows = rows.filter(last_migration_status=FleetMigrationItem.Status.FAILED)
    return rows
