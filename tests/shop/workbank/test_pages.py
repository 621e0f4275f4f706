"""The work bank's pages: members record hours, the admin reviews and closes quarters."""

from datetime import date

import time_machine
from django.urls import reverse
from django_tenants.utils import tenant_context

from shop.workbank.models import QuarterClose, WorkBankRule, WorkEntry
from tests.conftest import login
from tests.shop.dashboard.history import sell

from .conftest import IN_Q2, client_for, paris_noon, signed_in

TODAY = date(2026, 5, 20)


def at_today():
    return time_machine.travel(paris_noon(TODAY), tick=False)


def test_a_producer_records_hours_and_sees_their_balance(farms, panier, bruno, chloe):
    WorkBankRule.objects.create(pk=1, expected_hours_per_quarter=10)
    sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(farms.carrots, "5", "10.00")])
    client = signed_in(panier, bruno)
    with at_today():
        response = client.post(
            reverse("workbank:home"),
            {"date": "2026-05-19", "hours": "2.5", "task_type": "deliveries", "note": "Tournée"},
        )
        assert response.status_code == 302
        page = client.get(reverse("workbank:home"))
    with tenant_context(panier):
        entry = WorkEntry.objects.get()
    assert (entry.member, entry.producer, str(entry.hours)) == (bruno, farms.pres, "2.50")
    assert page.context["own"].expected == 10 and page.context["own"].balance == -7.5
    assert "Tournée" in page.content.decode()


def test_bad_input_shows_a_message_and_stores_nothing(farms, panier, bruno):
    client = signed_in(panier, bruno)
    with at_today():
        response = client.post(
            reverse("workbank:home"),
            {"date": "2026-05-19", "hours": "30", "task_type": "deliveries"},
        )
    assert response.status_code == 200
    assert "Between 0.01 and 24 hours" in response.content.decode()
    with tenant_context(panier):
        assert not WorkEntry.objects.exists()


def test_a_depot_keeper_records_hours(farms, panier, karim):
    client = signed_in(panier, karim)
    with at_today():
        client.post(
            reverse("workbank:home"),
            {"date": "2026-05-20", "hours": "1", "task_type": "pickup_duty"},
        )
    with tenant_context(panier):
        assert WorkEntry.objects.get().member == karim


def test_consumers_cannot_open_the_work_bank(farms, panier, chloe):
    assert signed_in(panier, chloe).get(reverse("workbank:home")).status_code == 403


def test_members_see_only_their_own_hours_and_cannot_delete_others(farms, panier, bruno, gaelle):
    with tenant_context(panier):
        theirs = WorkEntry.objects.create(
            member=gaelle, producer=farms.chevrerie, date=IN_Q2, hours=2, task_type="events"
        )
    client = signed_in(panier, bruno)
    with at_today():
        page = client.get(reverse("workbank:home"), {"trimestre": "2026-2"})
        assert list(page.context["page"].object_list) == []
        assert client.post(reverse("workbank:delete", args=[theirs.pk])).status_code == 404
    with tenant_context(panier):
        assert WorkEntry.objects.filter(pk=theirs.pk).exists()


def test_the_admin_records_hours_for_a_volunteer(farms, panier, alice, chloe):
    client = signed_in(panier, alice)
    with at_today():
        client.post(
            reverse("workbank:home"),
            {"member": chloe.pk, "date": "2026-05-20", "hours": "3", "task_type": "events"},
        )
        page = client.get(reverse("workbank:home"))
    with tenant_context(panier):
        entry = WorkEntry.objects.get()
    assert (entry.member, entry.created_by) == (chloe, alice)
    assert "Chloé" in page.content.decode()  # the admin sees everyone's hours


def test_the_admin_reviews_a_quarter_with_a_table_and_a_chart(farms, panier, alice, bruno, chloe):
    WorkBankRule.objects.create(pk=1, expected_hours_per_quarter=100)
    sell(customer=chloe, point=farms.point, day=IN_Q2, lines=[(farms.carrots, "5", "10.00")])
    WorkEntry.objects.create(
        member=bruno, producer=farms.pres, date=IN_Q2, hours=8, task_type="collection"
    )
    client = signed_in(panier, alice)
    with at_today():
        page = client.get(reverse("workbank:workbank_quarters"), {"trimestre": "2026-2"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "Hours given and expected per producer" in html
    assert "Ferme des Prés" in html and "-92" in html  # 8 given, 100 expected


def test_quarter_table_as_csv(farms, panier, alice, bruno):
    WorkEntry.objects.create(
        member=bruno, producer=farms.pres, date=IN_Q2, hours="1.5", task_type="collection"
    )
    client = signed_in(panier, alice)
    response = client.get(reverse("workbank:workbank_csv", args=["2026-2"]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.splitlines()
    assert lines[0] == "producer;hours;sales_incl_vat;share_percent;expected_hours;balance"
    assert "Ferme des Prés;1,50;0;0,0;0;1,50" in lines
    entries = client.get(reverse("workbank:workbank_entries_csv", args=["2026-2"]))
    assert "2026-05-06;Bruno;Ferme des Prés;Collection (groupage);1,50;" in entries.content.decode(
        "utf-8-sig"
    )


def test_the_admin_closes_a_finished_quarter(farms, panier, alice):
    client = signed_in(panier, alice)
    with time_machine.travel(paris_noon(date(2026, 7, 2)), tick=False):
        page = client.get(reverse("workbank:workbank_quarters"), {"trimestre": "2026-2"})
        assert page.context["can_close"]
        client.post(reverse("workbank:workbank_close", args=["2026-2"]))
        page = client.get(reverse("workbank:workbank_quarters"), {"trimestre": "2026-2"})
    assert "these figures are frozen" in page.content.decode()
    with tenant_context(panier):
        assert QuarterClose.objects.filter(year=2026, quarter=2).exists()


def test_producers_cannot_review_quarters(farms, panier, bruno):
    client = signed_in(panier, bruno)
    assert client.get(reverse("workbank:workbank_quarters")).status_code == 403
    assert client.get(reverse("workbank:workbank_csv", args=["2026-2"])).status_code == 403


def test_another_collectives_admin_sees_nothing_of_ours(farms, panier, bocage, denis, bruno):
    WorkEntry.objects.create(
        member=bruno, producer=farms.pres, date=IN_Q2, hours=4, task_type="collection"
    )
    client = login(client_for(bocage), denis, bocage)
    response = client.get(reverse("workbank:workbank_csv", args=["2026-2"]))
    assert "Ferme des Prés" not in response.content.decode("utf-8-sig")


def test_unknown_quarter_is_404(farms, panier, alice):
    client = signed_in(panier, alice)
    assert client.get(reverse("workbank:workbank_quarters"), {"trimestre": "x"}).status_code == 404
