"""Who sees what: the admin everything, a producer their own lists, a keeper their point."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from shop.cycles.models import OfferItem
from shop.logistics.documents.registry import DOCUMENTS
from shop.orders.models import OrderLine
from tests.shop.logistics.helpers import pdf_text


def bo(name, *args):
    return reverse(f"backoffice:logistics:{name}", args=args)


def ps(name, *args):
    return reverse(f"producer_space:logistics:{name}", args=args)


def test_the_admin_reaches_every_page_and_document(closed, alice_client):
    cycle = closed.cycle.pk
    day = closed.orders["chloe"].distribution.date.isoformat()
    pages = [
        bo("cycles"),
        bo("cycle", cycle),
        bo("groupage", cycle),
        bo("adjust", cycle),
        bo("tour", cycle),
        bo("tour", cycle) + "?format=pdf",
        bo("delivery", cycle, day),
        bo("after"),
        bo("settings"),
        reverse("depot:home"),
        reverse("depot:point", args=[closed.farm.pk]),
    ]
    pages += [
        bo("document", cycle, slug, fmt) for slug in DOCUMENTS for fmt in ("pdf", "csv", "xlsx")
    ]
    pages.append(bo("document", cycle, "pickup", "pdf") + f"?point={closed.farm.pk}&date={day}")
    pages.append(bo("document", cycle, "harvest", "pdf") + f"?producer={closed.lucie_farm.pk}")
    for url in pages:
        assert alice_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "path",
    [
        "/gestion/logistique/cycles/1/documents/nope.pdf",
        "/gestion/logistique/cycles/1/documents/harvest.doc",
    ],
)
def test_unknown_documents_are_not_found(closed, alice_client, path):
    assert alice_client.get(path).status_code == 404


def test_a_producer_gets_only_their_own_lists(closed, bruno_client):
    cycle = closed.cycle.pk
    assert bruno_client.get(ps("home")).status_code == 200
    page = bruno_client.get(ps("cycle", cycle))
    assert page.status_code == 200
    assert (
        "Poulet fermier" in page.content.decode() and "Glace vanille" not in page.content.decode()
    )
    text = pdf_text(bruno_client.get(ps("document", cycle, "harvest", "pdf")).content)
    assert "Carottes" in text and "Tomme" not in text
    other = f"?producer={closed.lucie_farm.pk}"
    assert bruno_client.get(ps("document", cycle, "harvest", "pdf") + other).status_code == 404
    for slug in ("groupage", "baskets", "pickup", "labels", "delivery-notes"):
        assert bruno_client.get(ps("document", cycle, slug, "pdf")).status_code == 404
    assert bruno_client.get(bo("cycle", cycle)).status_code == 403
    assert bruno_client.get(bo("document", cycle, "harvest", "pdf")).status_code == 403
    assert bruno_client.get(reverse("depot:home")).status_code == 403


def test_a_producer_cannot_adjust_another_producers_goods(closed, bruno_client, panier):
    with tenant_context(panier):
        tomme = OfferItem.objects.get(cycle=closed.cycle, variant=closed.variant(closed.tomme))
        lucies_line = OrderLine.objects.filter(producer=closed.lucie_farm).first()
    response = bruno_client.post(
        ps("shortage", closed.cycle.pk), {"offer_item": tomme.pk, "supplied": "0"}
    )
    assert response.status_code == 404
    bruno_client.post(ps("weights", closed.cycle.pk), {f"weight-{lucies_line.pk}": "2"})
    with tenant_context(panier):
        assert OrderLine.objects.get(pk=lucies_line.pk).actual_weight_kg is None
        assert OrderLine.objects.filter(producer=closed.lucie_farm).count() == 3


def test_a_producer_records_weights_and_a_shortage_from_their_space(closed, bruno_client, panier):
    with tenant_context(panier):
        line = OrderLine.objects.get(
            order=closed.orders["chloe"], variant=closed.variant(closed.chicken)
        )
        honey = OfferItem.objects.get(
            cycle=closed.cycle, variant=closed.variant(closed.honey, "250 g")
        )
    page = bruno_client.post(
        ps("weights", closed.cycle.pk), {f"weight-{line.pk}": "1,75"}, follow=True
    )
    assert "1 weight recorded." in page.content.decode()  # in the singular
    bruno_client.post(ps("shortage", closed.cycle.pk), {"offer_item": honey.pk, "supplied": "1"})
    with tenant_context(panier):
        line.refresh_from_db()
        assert line.amount == 21  # 1,75 kg × 12,00
        assert (
            OrderLine.objects.get(order=closed.orders["emma"], variant=honey.variant).quantity == 1
        )


def test_a_keeper_sees_only_the_points_they_keep(closed, karim_client):
    assert karim_client.get(reverse("depot:home")).status_code == 302  # one point: straight to it
    assert karim_client.get(reverse("depot:point", args=[closed.epicerie.pk])).status_code == 200
    assert karim_client.get(reverse("depot:point", args=[closed.farm.pk])).status_code == 404
    day = closed.orders["emma"].distribution.date.isoformat()
    pdf = karim_client.get(reverse("depot:pickup_pdf", args=[closed.epicerie.pk]) + f"?date={day}")
    text = pdf_text(pdf.content)
    assert "ÉLAN Emma" in text and "DUPRÉ Chloé" not in text
    assert karim_client.get(bo("cycles")).status_code == 403
    assert karim_client.get(ps("home")).status_code == 403


def test_consumers_and_strangers_are_kept_out(closed, chloe_client, anonymous_client, denis_client):
    for url in (bo("cycles"), reverse("depot:point", args=[closed.farm.pk]), ps("home")):
        assert chloe_client.get(url).status_code == 403
        assert anonymous_client.get(url).status_code == 302
    # Denis, admin of another collective, finds nothing of Panier des Prés' there.
    assert denis_client.get(bo("cycle", closed.cycle.pk)).status_code == 404
    assert (
        b"Carottes"
        not in denis_client.get(bo("document", closed.cycle.pk, "harvest", "csv")).content
    )


def test_pages_take_the_same_number_of_queries_for_more_orders(
    closed, alice_client, karim_client, panier
):
    from tests.shop.logistics.test_reports import _more_orders

    day = closed.orders["emma"].distribution.date.isoformat()
    urls = [
        (alice_client, bo("cycle", closed.cycle.pk)),
        (alice_client, bo("adjust", closed.cycle.pk)),
        (alice_client, bo("groupage", closed.cycle.pk)),
        (alice_client, bo("after")),
        (karim_client, reverse("depot:point", args=[closed.epicerie.pk]) + f"?date={day}"),
    ]

    def counts():
        found = []
        for client, url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    counts()  # first visits create what is created once (settings rows, sessions)
    before = counts()
    with tenant_context(panier):
        _more_orders(closed, 8)
    assert counts() == before


def test_the_admin_asks_for_every_document_in_one_zip(
    closed, alice_client, bruno_client, panier, django_capture_on_commit_callbacks
):
    from shop.logistics.models import DocumentsBundle

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(bo("bundle", closed.cycle.pk))
    assert response.status_code == 302
    download = bo("bundle_download", closed.cycle.pk)
    assert bruno_client.get(download).status_code == 403
    response = alice_client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    with tenant_context(panier):
        DocumentsBundle.objects.get(cycle=closed.cycle).file.delete(save=False)
