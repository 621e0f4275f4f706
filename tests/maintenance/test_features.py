"""Features reach collectives ring by ring, per collective, or as betas; what's new."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from maintenance.announcements import announcement_publish, announcements_for
from maintenance.features import (
    feature_beta_choose,
    feature_enabled,
    feature_override_set,
    feature_set_rollout,
)
from maintenance.models import AuditEntry, FeatureFlag, Ring, RolloutRing
from tests.conftest import login


@pytest.fixture
def canary(panier):
    RolloutRing.objects.create(collective=panier, ring=Ring.CANARY)
    return panier


def test_a_feature_reaches_the_canaries_then_everyone(canary, bocage):
    feature_set_rollout(key="tournees", rollout=FeatureFlag.Rollout.OFF, by="sam")
    assert not feature_enabled(canary, "tournees")
    feature_set_rollout(key="tournees", rollout=FeatureFlag.Rollout.CANARY, by="sam")
    assert feature_enabled(canary, "tournees") and not feature_enabled(bocage, "tournees")
    feature_set_rollout(key="tournees", rollout=FeatureFlag.Rollout.EARLY, by="sam")
    assert not feature_enabled(bocage, "tournees")
    feature_set_rollout(key="tournees", rollout=FeatureFlag.Rollout.ALL, by="sam")
    assert feature_enabled(bocage, "tournees")
    assert AuditEntry.objects.filter(action="feature_rollout").count() == 4


def test_unknown_features_are_off(panier):
    assert not feature_enabled(panier, "teleportation")


def test_staff_turn_a_feature_on_or_off_for_one_collective(canary, bocage):
    feature_set_rollout(key="tournees", rollout=FeatureFlag.Rollout.CANARY, by="sam")
    feature_override_set(key="tournees", collective=bocage, enabled=True, by="sam")
    feature_override_set(key="tournees", collective=canary, enabled=False, by="sam")
    assert feature_enabled(bocage, "tournees") and not feature_enabled(canary, "tournees")
    feature_override_set(key="tournees", collective=canary, enabled=None, by="sam")
    assert feature_enabled(canary, "tournees")


def test_admins_may_try_a_beta_and_leave_it(panier, alice):
    feature_set_rollout(key="groupage-v2", rollout=-1, beta_opt_in=True, by="sam")
    feature_beta_choose(collective=panier, key="groupage-v2", join=True, by=alice)
    assert feature_enabled(panier, "groupage-v2")
    feature_beta_choose(collective=panier, key="groupage-v2", join=False, by=alice)
    assert not feature_enabled(panier, "groupage-v2")


def test_betas_are_only_those_offered_and_staff_decisions_stand(panier, alice):
    feature_set_rollout(key="secret", rollout=-1, by="sam")
    with pytest.raises(ValidationError):
        feature_beta_choose(collective=panier, key="secret", join=True, by=alice)
    feature_set_rollout(key="beta", rollout=-1, beta_opt_in=True, by="sam")
    feature_override_set(key="beta", collective=panier, enabled=False, by="sam")
    with pytest.raises(ValidationError):
        feature_beta_choose(collective=panier, key="beta", join=True, by=alice)


def test_the_whats_new_page_lets_admins_join_a_beta(panier, alice):
    feature_set_rollout(
        key="groupage-v2", rollout=-1, beta_opt_in=True, description="New lists", by="sam"
    )
    client = login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)
    assert "New lists" in client.get("/gestion/demarrage/nouveautes/").content.decode()
    client.post("/gestion/demarrage/nouveautes/", {"key": "groupage-v2", "join": "1"})
    assert feature_enabled(panier, "groupage-v2")


def test_whats_new_notes_show_on_the_admins_home(panier, bocage, alice):
    announcement_publish(title="Tours", body="Plan your collection tours.", by="sam")
    feature_set_rollout(key="invoices-v2", rollout=FeatureFlag.Rollout.CANARY, by="sam")
    announcement_publish(
        title="Invoices v2", body="Faster invoices.", feature_key="invoices-v2", by="sam"
    )
    client = login(Client(HTTP_HOST="panier-des-pres.localhost"), alice, panier)
    home = client.get("/gestion/").content.decode()
    assert "Plan your collection tours." in home and "Faster invoices" not in home
    RolloutRing.objects.create(collective=panier, ring=Ring.CANARY)
    assert [n.title for n in announcements_for(panier)] == ["Invoices v2", "Tours"]
    assert [n.title for n in announcements_for(bocage)] == ["Tours"]


def test_staff_manage_flags_and_notes_from_the_console(console, panier):
    console.post(
        "/console/fonctions/",
        {"key": "tournees", "description": "Tours", "rollout": "0", "beta_opt_in": "on"},
    )
    assert FeatureFlag.objects.get(key="tournees").rollout == 0
    console.post(f"/console/c/{panier.slug}/fonction/", {"key": "tournees", "state": "on"})
    assert feature_enabled(panier, "tournees")
    console.post("/console/nouveautes/", {"title": "Hello", "body": "News", "feature": ""})
    assert "Hello" in console.get("/console/nouveautes/").content.decode()
