"""Uploaded files are served only on their own collective's host."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context


def test_upload_is_stored_under_its_collective_and_served_there(
    panier, panier_client, bocage_client
):
    with tenant_context(panier):
        name = default_storage.save("products/test-photo.txt", ContentFile(b"photo de carottes"))
        url = default_storage.url(name)
    assert url.startswith("/media/panier_des_pres/")
    response = panier_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"photo de carottes"
    assert bocage_client.get(url).status_code == 404


def test_path_tricks_do_not_leave_the_collective_folder(panier, panier_client):
    for path in [
        "/media/panier_des_pres/../bocage_paysan/x.txt",
        "/media/panier_des_pres/%2e%2e/bocage_paysan/x.txt",
        "/media/panier_des_pres/",
    ]:
        assert panier_client.get(path).status_code == 404


def test_private_files_are_never_served_as_media(panier, panier_client):
    with tenant_context(panier):
        name = default_storage.save(
            "invoices/2026/F-1-2026-000001.pdf", ContentFile(b"%PDF facture")
        )
    assert panier_client.get(f"/media/panier_des_pres/{name}").status_code == 404
