"""Photos: judged by their content, thumbnailed at upload, kept in order."""

from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.catalogue.models import ProductPhoto
from shop.demo.factories import make_product

pytestmark = pytest.mark.usefixtures("photo_files")


def image_file(name: str, size=(1200, 900), fmt="PNG", colour=(200, 80, 40)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def leeks(farm):
    return make_product(farm, "Poireaux")


def messages_of(page) -> list[str]:
    return [str(m) for m in get_messages(page.wsgi_request)]


def upload(client, product, *files):
    return client.post(f"/producteur/produits/{product.pk}/photos/", {"photos": list(files)})


def test_a_real_png_is_stored_with_a_smaller_thumbnail(bruno_client, leeks):
    page = upload(bruno_client, leeks, image_file("poireaux.png"))
    assert page.status_code == 302
    photo = ProductPhoto.objects.get(product=leeks)
    assert default_storage.exists(photo.image.name)
    assert default_storage.exists(photo.thumbnail.name)
    assert "panier" in default_storage.path(photo.image.name)  # the collective's own folder
    with default_storage.open(photo.thumbnail.name) as f, Image.open(f) as thumbnail:
        assert thumbnail.width == 480
        assert thumbnail.height == 360
    assert photo.thumbnail.size < photo.image.size
    edit_page = bruno_client.get(f"/producteur/produits/{leeks.pk}/").content.decode()
    assert photo.thumbnail.url in edit_page


def test_a_text_file_named_jpg_is_refused(bruno_client, leeks):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all\n" * 50, content_type="image/jpeg")
    page = upload(bruno_client, leeks, fake)
    assert messages_of(page) == ["photo.jpg: This file is not a JPEG, PNG or WebP image."]
    assert not ProductPhoto.objects.filter(product=leeks).exists()


def test_a_gif_is_refused_even_though_it_is_an_image(bruno_client, leeks):
    page = upload(bruno_client, leeks, image_file("anim.gif", fmt="GIF"))
    assert "not a JPEG, PNG or WebP" in messages_of(page)[0]
    assert not ProductPhoto.objects.filter(product=leeks).exists()


def test_an_image_over_4000_pixels_is_refused(bruno_client, leeks):
    page = upload(bruno_client, leeks, image_file("panorama.png", size=(4001, 20)))
    message = messages_of(page)[0]
    assert "too large (4001 × 20 pixels)" in message
    assert not ProductPhoto.objects.filter(product=leeks).exists()


def test_a_file_over_5_mb_is_refused(bruno_client, leeks):
    heavy = SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1))
    page = upload(bruno_client, leeks, heavy)
    assert "too large" in messages_of(page)[0]
    assert not ProductPhoto.objects.filter(product=leeks).exists()


def test_one_bad_photo_among_several_stores_none(bruno_client, leeks):
    fake = SimpleUploadedFile("notes.jpg", b"hello")
    upload(bruno_client, leeks, image_file("a.png"), fake, image_file("b.jpg", fmt="JPEG"))
    assert not ProductPhoto.objects.filter(product=leeks).exists()


def test_several_photos_at_once_then_reordered_and_deleted(
    bruno_client, leeks, django_capture_on_commit_callbacks
):
    upload(
        bruno_client,
        leeks,
        image_file("a.png"),
        image_file("b.jpg", fmt="JPEG"),
        image_file("c.webp", fmt="WEBP"),
    )
    a, b, c = ProductPhoto.objects.filter(product=leeks).order_by("position")
    assert [a.image.name[-4:], b.image.name[-4:], c.image.name[-5:]] == [".png", ".jpg", ".webp"]

    bruno_client.post(f"/producteur/produits/{leeks.pk}/photos/{c.pk}/deplacer/", {"offset": "-1"})
    order = list(ProductPhoto.objects.filter(product=leeks).order_by("position"))
    assert order == [a, c, b]

    files = [b.image.name, b.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        bruno_client.post(f"/producteur/produits/{leeks.pk}/photos/{b.pk}/supprimer/")
    assert list(ProductPhoto.objects.filter(product=leeks).order_by("position")) == [a, c]
    assert not any(default_storage.exists(name) for name in files)


def test_bruno_cannot_delete_a_photo_of_another_producer(
    bruno_client, gaelle_product, alice_client
):
    upload(alice_client, gaelle_product, image_file("miel.png"))
    photo = ProductPhoto.objects.get(product=gaelle_product)
    page = bruno_client.post(
        f"/producteur/produits/{gaelle_product.pk}/photos/{photo.pk}/supprimer/"
    )
    assert page.status_code == 404
    assert ProductPhoto.objects.filter(pk=photo.pk).exists()
