"""Suspend, reactivate, close with a grace period, then delete: each audited."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_exists

from maintenance.models import AuditEntry, CollectiveExport
from maintenance.operations import (
    collective_close,
    collective_reactivate_by_staff,
    collective_suspend_by_staff,
    collectives_purge_closed,
)
from tenants.models import Collective


def test_suspending_needs_a_reason_and_is_audited(console, bocage, bocage_client):
    refused = console.post(f"/console/c/{bocage.slug}/statut/suspend/", {"reason": ""})
    assert refused.status_code == 302
    assert Collective.objects.get(pk=bocage.pk).status == "active"
    console.post(f"/console/c/{bocage.slug}/statut/suspend/", {"reason": "Unpaid since March"})
    assert Collective.objects.get(pk=bocage.pk).status == "suspended"
    assert bocage_client.get("/").status_code == 503
    entry = AuditEntry.objects.get(action="suspend")
    assert entry.actor == "sam@groupage.localhost" and entry.reason == "Unpaid since March"
    console.post(f"/console/c/{bocage.slug}/statut/reactivate/", {"reason": ""})
    assert Collective.objects.get(pk=bocage.pk).status == "active"
    assert AuditEntry.objects.filter(action="reactivate", collective=bocage).exists()


def test_an_unknown_action_is_not_found(console, bocage):
    assert (
        console.post(f"/console/c/{bocage.slug}/statut/explode/", {"reason": "x"}).status_code
        == 404
    )


def test_closing_keeps_the_data_for_the_grace_period(bocage, bocage_client):
    collective_close(collective=bocage, by="sam", reason="The association was dissolved")
    assert bocage_client.get("/").status_code == 410
    entry = AuditEntry.objects.get(action="close")
    assert entry.detail["delete_after"].startswith(
        (bocage.status_changed_at + timedelta(days=30)).date().isoformat()
    )
    with pytest.raises(ValidationError):
        collective_close(collective=bocage, by="sam", reason="again")
    collective_reactivate_by_staff(collective=bocage, by="sam", reason="They came back")
    assert Collective.objects.get(pk=bocage.pk).status == "active"


def test_suspending_twice_is_refused(bocage):
    collective_suspend_by_staff(collective=bocage, by="sam", reason="Unpaid")
    with pytest.raises(ValidationError):
        collective_suspend_by_staff(collective=bocage, by="sam", reason="Unpaid")


def test_closed_collectives_are_deleted_after_30_days_with_a_last_export(committed_collectives):
    closing, staying = committed_collectives(2)
    collective_close(collective=closing, by="sam", reason="Dissolved")
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert collectives_purge_closed() == []
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert collectives_purge_closed() == [closing.slug]
    assert not Collective.objects.filter(pk=closing.pk).exists()
    assert not schema_exists(closing.schema_name)
    assert Collective.objects.filter(pk=staying.pk).exists()
    last = CollectiveExport.objects.get(slug=closing.slug)
    assert last.reason == "before deletion" and Path(last.path).is_file()
    assert AuditEntry.objects.filter(action="delete", detail__slug=closing.slug).exists()
    AuditEntry.objects.filter(detail__slug=closing.slug).delete()
    last.delete()
