"""Writes to a producer's catalogue: products, their variants, their photos.

Rules enforced here, whatever the entry point (form, CSV import):
- a product's name is unique among its producer's products (ignoring case),
  so that a CSV line finds its product again;
- a VAT-exempt producer (art. 293 B CGI) sells at 0 % VAT, whatever is asked;
- a product keeps at least one variant, and its variants' labels are unique;
- a variable-weight product has an estimated weight per piece on every variant;
- a variant that was ever on offer (hence maybe ordered and invoiced) is never
  deleted: asked to delete it, we deactivate it instead.
"""

import logging
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from shop.catalogue import photos as photo_checks
from shop.catalogue.models import (
    Category,
    Producer,
    Product,
    ProductPhoto,
    StorageClass,
    Unit,
    Variant,
)
from shop.catalogue.selectors import producer_products_variants_in_use
from shop.cycles.offer import offer_withdraw_product
from shop.money import VAT_RATES

logger = logging.getLogger(__name__)

MAX_PHOTOS_PER_PRODUCT = 10
NAME_MAX_LENGTH = Product._meta.get_field("name").max_length
LABEL_MAX_LENGTH = Variant._meta.get_field("label").max_length


@dataclass(frozen=True)
class ProductFields:
    name: str
    category: Category
    unit: str = Unit.PIECE
    vat_rate: Decimal = Decimal("5.50")
    storage: str = StorageClass.AMBIENT
    variable_weight: bool = False
    description: str = ""


@dataclass(frozen=True)
class VariantFields:
    label: str
    price: Decimal
    pro_price: Decimal | None = None
    estimated_weight_kg: Decimal | None = None
    active: bool = True
    id: int | None = None
    delete: bool = False


# --- Checks, shared with the CSV import ------------------------------------------


def product_fields_normalised(fields: ProductFields, *, producer: Producer) -> ProductFields:
    vat_rate = Decimal("0.00") if producer.vat_exempt else fields.vat_rate
    return replace(
        fields,
        name=" ".join(fields.name.split()),
        description=fields.description.strip(),
        vat_rate=vat_rate,
    )


def product_fields_problems(fields: ProductFields) -> list[str]:
    problems = []
    if not fields.name:
        problems.append(_("The product needs a name."))
    elif len(fields.name) > NAME_MAX_LENGTH:
        problems.append(
            _("The name is too long (%(max)d characters at most).") % {"max": NAME_MAX_LENGTH}
        )
    if fields.unit not in Unit.values:
        problems.append(_("Unknown unit “%(value)s”.") % {"value": fields.unit})
    if fields.storage not in StorageClass.values:
        problems.append(_("Unknown storage “%(value)s”.") % {"value": fields.storage})
    if fields.vat_rate not in VAT_RATES:
        problems.append(_("VAT rate %(value)s %% does not exist.") % {"value": fields.vat_rate})
    return problems


def variant_problems(variant: VariantFields, *, variable_weight: bool) -> list[str]:
    """What is wrong with one variant's values, named for the producer."""
    problems = []
    if len(variant.label) > LABEL_MAX_LENGTH:
        problems.append(
            _("The variant “%(label)s” is too long (%(max)d characters at most).")
            % {"label": variant.label, "max": LABEL_MAX_LENGTH}
        )
    problems += amount_problems(variant.price, what=_("price"), places=2, digits=8)
    if variant.pro_price is not None:
        problems += amount_problems(
            variant.pro_price, what=_("professional price"), places=2, digits=8
        )
    if variant.estimated_weight_kg is not None:
        problems += amount_problems(
            variant.estimated_weight_kg, what=_("estimated weight"), places=3, digits=7
        )
    elif variable_weight:
        problems.append(
            _("Variable weight: give the estimated weight per piece of “%(label)s”.")
            % {"label": variant.label or _("(no label)")}
        )
    return problems


def amount_problems(value: Decimal, *, what: str, places: int, digits: int) -> list[str]:
    smallest = Decimal(1).scaleb(-places)
    if value < smallest:
        return [
            _("The %(what)s must be at least %(min)s.")
            % {"what": what, "min": str(smallest).replace(".", ",")}
        ]
    if value != value.quantize(smallest):
        return [_("The %(what)s has more than %(n)d decimals.") % {"what": what, "n": places}]
    if value >= Decimal(10) ** (digits - places):
        return [_("The %(what)s is too large.") % {"what": what}]
    return []


def labels_problems(labels: list[str]) -> list[str]:
    seen, problems = set(), []
    for label in labels:
        key = label.casefold()
        if key in seen:
            problems.append(
                _("Two variants are labelled “%(label)s”; labels must differ.")
                % {"label": label or _("(no label)")}
            )
        seen.add(key)
    return problems


def lock_catalogue_of(producer: Producer) -> None:
    """One write at a time to a producer's catalogue (inside a transaction),
    so that two tabs cannot both create a product of the same name."""
    Producer.objects.select_for_update().filter(pk=producer.pk).first()


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


def _name_problems(producer: Producer, name: str, *, exclude_id: int | None = None) -> list[str]:
    others = Product.objects.filter(producer=producer, name__iexact=name)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if name and others.exists():
        return [_("You already have a product named “%(name)s”.") % {"name": name}]
    return []


def _clean_variant(variant: VariantFields) -> VariantFields:
    return replace(variant, label=" ".join(variant.label.split()))


# --- Products and variants -------------------------------------------------------------


def product_create(
    *, producer: Producer, fields: ProductFields, variants: list[VariantFields]
) -> Product:
    """A new product of `producer` with its variants (at least one)."""
    fields = product_fields_normalised(fields, producer=producer)
    kept = [_clean_variant(v) for v in variants if not v.delete]
    with transaction.atomic():
        lock_catalogue_of(producer)
        problems = product_fields_problems(fields) + _name_problems(producer, fields.name)
        if not kept:
            problems.append(_("A product needs at least one variant."))
        if any(v.id is not None for v in kept):
            problems.append(_("This variant belongs to another product."))
        for variant in kept:
            problems += variant_problems(variant, variable_weight=fields.variable_weight)
        problems += labels_problems([v.label for v in kept])
        _raise_if(problems)
        product = Product.objects.create(producer=producer, **_product_values(fields))
        Variant.objects.bulk_create(
            Variant(product=product, position=position, **_variant_values(v))
            for position, v in enumerate(kept)
        )
    logger.info("product %s created for producer %s", product.pk, producer.pk)
    return product


def product_update(
    *, product: Product, fields: ProductFields, variants: list[VariantFields]
) -> Product:
    """Change a product and its variants at once: all of it, or nothing.

    Variants are listed in their new order; one with `id=None` is new, one
    marked `delete` goes away (or is deactivated, if it was ever on offer),
    one of the product's variants not listed at all is left as it is.
    """
    with transaction.atomic():
        lock_catalogue_of(product.producer)
        product = Product.objects.select_for_update().select_related("producer").get(pk=product.pk)
        fields = product_fields_normalised(fields, producer=product.producer)
        variants = [_clean_variant(v) for v in variants]
        existing = {v.id: v for v in product.variants.all()}
        deleting = {v.id for v in variants if v.delete and v.id is not None}
        in_use = producer_products_variants_in_use(variant_ids=deleting)
        _raise_if(_update_problems(product, fields, variants, existing, in_use))

        for name, value in _product_values(fields).items():
            setattr(product, name, value)
        product.save()
        _save_variants(product, variants, existing, in_use)
    logger.info("product %s updated", product.pk)
    return product


def _update_problems(product, fields, variants, existing, in_use) -> list[str]:
    problems = product_fields_problems(fields)
    problems += _name_problems(product.producer, fields.name, exclude_id=product.pk)
    if any(v.id is not None and v.id not in existing for v in variants):
        problems.append(_("A variant was changed meanwhile; please reload the page."))
        return problems
    kept = [v for v in variants if not v.delete]
    if not kept:
        problems.append(_("A product needs at least one variant."))
    for variant in kept:
        problems += variant_problems(variant, variable_weight=fields.variable_weight)
    listed = {v.id for v in variants if v.id is not None}
    remaining_labels = [v.label for v in kept]
    remaining_labels += [existing[v.id].label for v in variants if v.delete and v.id in in_use]
    remaining_labels += [v.label for vid, v in existing.items() if vid not in listed]
    return problems + labels_problems(remaining_labels)


def _save_variants(product, variants, existing, in_use) -> None:
    to_create, to_update, to_delete = [], [], []
    position = 0
    for fields in variants:
        if fields.delete and fields.id is None:
            continue
        if fields.delete and fields.id not in in_use:
            to_delete.append(fields.id)
            continue
        if fields.delete:  # ever on offer: kept for its orders' sake, withdrawn from sale
            variant = existing[fields.id]
            variant.active = False
        else:
            variant = existing.get(fields.id) or Variant(product=product)
            for name, value in _variant_values(fields).items():
                setattr(variant, name, value)
        variant.position = position
        position += 1
        (to_update if variant.pk else to_create).append(variant)
    Variant.objects.filter(product=product, id__in=to_delete).delete()
    Variant.objects.bulk_update(
        to_update, ["label", "price", "pro_price", "estimated_weight_kg", "active", "position"]
    )
    Variant.objects.bulk_create(to_create)


def product_set_active(*, product: Product, active: bool) -> Product:
    """Put a product on sale again, or withdraw it: then it also leaves the
    offers still open for changes, wherever nobody has ordered it yet."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        product.active = active
        product.save(update_fields=["active", "updated_at"])
        if not active:
            offer_withdraw_product(product=product)
    logger.info("product %s active=%s", product.pk, active)
    return product


def _product_values(fields: ProductFields) -> dict:
    return {
        "name": fields.name,
        "category": fields.category,
        "unit": fields.unit,
        "vat_rate": fields.vat_rate,
        "storage": fields.storage,
        "variable_weight": fields.variable_weight,
        "description": fields.description,
    }


def _variant_values(fields: VariantFields) -> dict:
    return {
        "label": fields.label,
        "price": fields.price,
        "pro_price": fields.pro_price,
        "estimated_weight_kg": fields.estimated_weight_kg,
        "active": fields.active,
    }


# --- Photos -----------------------------------------------------------------------------


def product_photos_add(*, product: Product, uploads: list) -> list[ProductPhoto]:
    """Store checked photos and their thumbnails: every one of them, or none."""
    if not uploads:
        raise ValidationError(_("Choose at least one photo."))
    problems, prepared = [], []
    for upload in uploads:
        try:
            checked = photo_checks.image_check(upload)
            prepared.append((upload, checked, *photo_checks.thumbnail_make(upload)))
        except ValidationError as error:
            problems += [f"{upload.name}: {message}" for message in error.messages]
    _raise_if(problems)
    stored: list[str] = []
    try:
        with transaction.atomic():
            product = Product.objects.select_for_update().get(pk=product.pk)
            photos = list(product.photos.all())
            if len(photos) + len(prepared) > MAX_PHOTOS_PER_PRODUCT:
                raise ValidationError(
                    _("A product has at most %(max)d photos.") % {"max": MAX_PHOTOS_PER_PRODUCT}
                )
            position = max((p.position for p in photos), default=-1) + 1
            added = []
            for offset, (upload, checked, thumbnail, thumbnail_ext) in enumerate(prepared):
                stem = uuid.uuid4().hex
                photo = ProductPhoto(product=product, position=position + offset)
                photo.image.save(f"{stem}.{checked.extension}", upload, save=False)
                stored.append(photo.image.name)
                photo.thumbnail.save(f"{stem}.{thumbnail_ext}", thumbnail, save=False)
                stored.append(photo.thumbnail.name)
                photo.save()
                added.append(photo)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return added


def product_photo_delete(*, photo: ProductPhoto) -> None:
    """Remove a photo; its files go once the removal is committed."""
    names = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        ProductPhoto.objects.filter(pk=photo.pk).delete()
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names if n])


def product_photo_move(*, photo: ProductPhoto, offset: int) -> ProductPhoto:
    """Move a photo `offset` places (−1: earlier); the first photo is the one shown first."""
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=photo.product_id).first()
        photos = list(
            ProductPhoto.objects.filter(product_id=photo.product_id).order_by("position", "id")
        )
        index = next((i for i, p in enumerate(photos) if p.pk == photo.pk), None)
        if index is None:
            raise ValidationError(_("This photo was removed meanwhile."))
        moved = photos.pop(index)
        photos.insert(max(0, min(len(photos), index + offset)), moved)
        for position, each in enumerate(photos):
            each.position = position
        ProductPhoto.objects.bulk_update(photos, ["position"])
    return moved
