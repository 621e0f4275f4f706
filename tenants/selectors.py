"""Reads about collectives."""

from django.db.models import QuerySet

from tenants.models import Collective, Domain


def collective_directory() -> QuerySet[Collective]:
    """Active collectives, with their primary domain, for the public site."""
    return (
        Collective.objects.filter(status=Collective.Status.ACTIVE)
        .exclude(schema_name="public")
        .order_by("name")
    )


def primary_domain_of(collective: Collective) -> str | None:
    return (
        Domain.objects.filter(tenant=collective, is_primary=True)
        .values_list("domain", flat=True)
        .first()
    )
