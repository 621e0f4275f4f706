"""Checking uploaded product photos and making their thumbnails, with Pillow.

A photo is judged by its content, never by its name: Pillow must recognise it
as JPEG, PNG or WebP. Its size is checked from the header before any pixel
is decoded, so a small file claiming huge dimensions (a "decompression bomb")
is refused cheaply.
"""

from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
THUMBNAIL_WIDTH = 480
# Pillow's format name → the extension we store the file under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_FORMAT = "WEBP" if features.check("webp") else "JPEG"


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format]


def image_check(upload) -> CheckedImage:
    """The image's format and size, or a ValidationError saying what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)}
        )
    not_an_image = ValidationError(_("This file is not a JPEG, PNG or WebP image."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if image_format not in ACCEPTED_FORMATS:
                raise not_an_image
            if width > MAX_SIDE or height > MAX_SIDE:
                raise _too_large(width, height)
            image.verify()
    except Image.DecompressionBombError as error:
        raise _too_large(None, None) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    finally:
        upload.seek(0)
    return CheckedImage(format=image_format, width=width, height=height)


def thumbnail_make(upload) -> tuple[ContentFile, str]:
    """A thumbnail at most THUMBNAIL_WIDTH wide, upright, and its file extension."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((THUMBNAIL_WIDTH, MAX_SIDE))
            image = _for_thumbnail(image)
            out = BytesIO()
            image.save(out, THUMBNAIL_FORMAT, quality=82)
    except (OSError, ValueError) as error:
        raise ValidationError(_("This image is damaged and cannot be read.")) from error
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue()), ACCEPTED_FORMATS[THUMBNAIL_FORMAT]


def _for_thumbnail(image: Image.Image) -> Image.Image:
    keeps_alpha = THUMBNAIL_FORMAT == "WEBP"
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    if has_alpha and keeps_alpha:
        return image.convert("RGBA")
    if has_alpha:
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def _too_large(width: int | None, height: int | None) -> ValidationError:
    if width is None:
        return ValidationError(
            _("The image is too large; the maximum is %(max)d × %(max)d pixels.")
            % {"max": MAX_SIDE}
        )
    return ValidationError(
        _(
            "The image is too large (%(width)d × %(height)d pixels); the maximum is %(max)d × %(max)d."
        )
        % {"width": width, "height": height, "max": MAX_SIDE}
    )
