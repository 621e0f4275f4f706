"""A producer's catalogue as a CSV file that Excel opens as it is, and reads back.

The file: UTF-8 with a byte-order mark, ';' between columns, decimal commas,
one row per variant. On import we also accept decimal points, ',' or tab
between columns, and files saved by Excel in Windows-1252.

Import rules:
- lines match the catalogue by (product name, variant label), ignoring case:
  a match is updated (taking the file's spelling), anything else is created;
  nothing is ever deleted;
- every line is checked first; if any is wrong nothing at all is imported,
  and every problem is reported with its line number;
- a product's own columns (category, unit, VAT, storage, variable weight,
  description) must agree on all its lines;
- `active` is per line: a product stays active if any of its lines is.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.catalogue.models import Category, Producer, Product, StorageClass, Unit, Variant
from shop.catalogue.selectors import producer_products_for_export, producer_products_for_import
from shop.catalogue.services import (
    ProductFields,
    VariantFields,
    labels_problems,
    lock_catalogue_of,
    product_fields_normalised,
    product_fields_problems,
    variant_problems,
)
from shop.money import VAT_RATES

COLUMNS = (
    "product",
    "variant",
    "category",
    "unit",
    "price_incl_vat",
    "pro_price_excl_vat",
    "vat_rate",
    "storage",
    "variable_weight",
    "estimated_weight_kg",
    "active",
    "description",
)
MAX_BYTES = 2 * 1024 * 1024
MAX_REPORTED_PROBLEMS = 200
TRUE_WORDS = {"1", "yes", "y", "oui", "o", "true", "vrai", "x"}
FALSE_WORDS = {"0", "no", "n", "non", "false", "faux", ""}
# Cells starting with these are formulas to a spreadsheet: we write them
# behind an apostrophe, and drop that apostrophe when reading.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Digits with at most one decimal separator: no exponents, no "NaN".
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


# --- Export ---------------------------------------------------------------------------------


def catalogue_export(*, producer: Producer) -> bytes:
    """Every variant of the producer's products, one row each, as Excel-friendly CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for variant in producer_products_for_export(producer=producer):
        product = variant.product
        writer.writerow(
            [
                _cell(product.name),
                _cell(variant.label),
                _cell(product.category.name),
                product.unit,
                format_amount(variant.price),
                format_amount(variant.pro_price),
                format_number(product.vat_rate),
                product.storage,
                "1" if product.variable_weight else "0",
                format_number(variant.estimated_weight_kg),
                "1" if product.active and variant.active else "0",
                _cell(product.description),
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode()


def format_amount(value: Decimal | None) -> str:
    """Money with its two decimals and a decimal comma: 2.80 → "2,80"; None → ""."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def format_number(value: Decimal | None) -> str:
    """A rate or weight without useless zeros: 5.50 → "5,5", 0.500 → "0,5", 20.00 → "20"."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- Import ---------------------------------------------------------------------------------


@dataclass
class Line:
    number: int
    fields: ProductFields
    variant: VariantFields

    @property
    def key(self) -> str:
        return self.fields.name.casefold()


@dataclass
class ImportSummary:
    products_created: int = 0
    products_updated: int = 0
    variants_created: int = 0
    variants_updated: int = 0


def catalogue_import(*, producer: Producer, upload) -> ImportSummary:
    """Create or update the producer's products from a CSV file: every line, or none."""
    rows, problems = _read_rows(upload)
    categories, lines = _categories(), []
    for number, row in rows:
        line = _parse(number, row, producer=producer, categories=categories, problems=problems)
        if line is not None:
            lines.append(line)
    groups = _grouped(lines)
    problems.extend(_consistency_problems(groups))
    with transaction.atomic():
        lock_catalogue_of(producer)
        products = producer_products_for_import(producer=producer)
        problems.extend(_matching_problems(groups, products))
        if problems:
            raise ValidationError(_capped(sorted(problems, key=lambda p: p.number)))
        if not lines:
            raise ValidationError(_("The file has no product lines."))
        return _upsert(producer, groups, products)


def parse_decimal(text: str) -> Decimal:
    """A number written the French way ("2,80", "1 200,5") or the English way ("2.80")."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("€").removesuffix("%")
    cleaned = cleaned.replace(",", ".")
    if not PLAIN_NUMBER.fullmatch(cleaned):
        raise InvalidOperation(text)
    return Decimal(cleaned)


class Problem(str):
    """A message about one line of the file, sortable by that line."""

    number: int

    def __new__(cls, number: int, message: str):
        text = super().__new__(
            cls, _("line %(line)d: %(problem)s") % {"line": number, "problem": message}
        )
        text.number = number
        return text


def _read_rows(upload) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)}
        )
    text = _decoded(upload)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter_of(text.split("\n", 1)[0]))
    rows, problems = [], []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        while header and not header[-1]:
            header.pop()  # spreadsheets like to add empty columns at the end
        _check_header(header)
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            extra, cells = cells[len(header) :], cells[: len(header)]
            if any(c.strip() for c in extra):
                problems.append(
                    Problem(
                        start,
                        _("%(found)d columns instead of %(expected)d")
                        % {"found": len(cells) + len(extra), "expected": len(header)},
                    )
                )
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((start, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise ValidationError(
            Problem(
                reader.line_num, _("the file cannot be read as CSV (%(error)s)") % {"error": error}
            )
        ) from error
    return rows, problems


def _decoded(upload) -> str:
    upload.seek(0)
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV (separator: ;)"
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV file."))
    return text


def _delimiter_of(header_line: str) -> str:
    return max((";", ",", "\t"), key=header_line.count)


def _check_header(header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if not (missing or unknown or duplicated):
        return
    problems = [
        _("line 1: the first line must name the columns: %(columns)s.")
        % {"columns": ";".join(COLUMNS)}
    ]
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if duplicated:
        problems.append(_("Columns given twice: %(names)s.") % {"names": ", ".join(duplicated)})
    raise ValidationError(problems)


# --- One line --------------------------------------------------------------------------------


def _parse(number: int, row: dict[str, str], *, producer, categories, problems) -> Line | None:
    found = []

    def problem(message: str) -> None:
        found.append(Problem(number, message))

    text = {key: _uncell(value.strip()) for key, value in row.items()}
    if not text["product"]:
        problem(_("the product name is missing"))
    category = categories.get(" ".join(text["category"].split()).casefold())
    if category is None:
        problem(_("unknown category “%(value)s”") % {"value": text["category"]})
    unit = _choice(text["unit"] or Unit.PIECE, Unit, _("unit"), problem)
    storage = _choice(text["storage"] or StorageClass.AMBIENT, StorageClass, _("storage"), problem)
    price = _decimal(text["price_incl_vat"], _("price"), problem, required=True)
    pro_price = _decimal(text["pro_price_excl_vat"], _("professional price"), problem)
    vat = _decimal(text["vat_rate"] or "0", _("VAT rate"), problem)
    if vat is not None and vat not in VAT_RATES:
        problem(_("VAT rate “%(value)s” invalid (5,5, 10, 20 or 0)") % {"value": text["vat_rate"]})
    weight = _decimal(text["estimated_weight_kg"], _("estimated weight"), problem)
    variable_weight = _boolean(text["variable_weight"], "variable_weight", problem)
    active = _boolean(text["active"] or "1", "active", problem)
    if found:
        problems.extend(found)
        return None
    fields = product_fields_normalised(
        ProductFields(
            name=text["product"],
            category=category,
            unit=unit,
            vat_rate=vat.quantize(Decimal("0.01")),
            storage=storage,
            variable_weight=variable_weight,
            description=text["description"],
        ),
        producer=producer,
    )
    variant = VariantFields(
        label=" ".join(text["variant"].split()),
        price=price,
        pro_price=pro_price,
        estimated_weight_kg=weight,
        active=active,
    )
    for message in product_fields_problems(fields) + variant_problems(
        variant, variable_weight=variable_weight
    ):
        problem(message[:1].lower() + message[1:].rstrip("."))
    problems.extend(found)
    return None if found else Line(number, fields, variant)


def _uncell(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


@cache
def _choices_lookup(choices) -> dict[str, str]:
    """Codes and their labels, in French and in English → code."""
    lookup = {}
    for code, label in choices.choices:
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[str(label).casefold()] = code
        lookup[code.casefold()] = code
    return lookup


def _categories() -> dict[str, Category]:
    """The collective's categories by name or slug, ignoring case."""
    by_key = {}
    for category in Category.objects.all():
        by_key.setdefault(category.slug.casefold(), category)
        by_key[category.name.casefold()] = category
    return by_key


def _choice(value, choices, what, problem) -> str | None:
    code = _choices_lookup(choices).get(value.casefold())
    if code is None:
        problem(_("%(what)s “%(value)s” unknown") % {"what": what, "value": value})
    return code


def _decimal(value, what, problem, *, required=False) -> Decimal | None:
    if not value:
        if required:
            problem(_("%(what)s missing") % {"what": what})
        return None
    try:
        return parse_decimal(value)
    except InvalidOperation:
        problem(_("%(what)s “%(value)s” invalid") % {"what": what, "value": value})
        return None


def _boolean(value, column, problem) -> bool:
    word = value.strip().casefold()
    if word not in TRUE_WORDS | FALSE_WORDS:
        problem(
            _("%(column)s “%(value)s” invalid (use 1 or 0)") % {"column": column, "value": value}
        )
    return word in TRUE_WORDS


# --- The lines together ----------------------------------------------------------------------


def _grouped(lines: list[Line]) -> dict[str, list[Line]]:
    groups: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        groups[line.key].append(line)
    return groups


def _consistency_problems(groups: dict[str, list[Line]]) -> list[Problem]:
    problems = []
    for lines in groups.values():
        first, seen = lines[0], {}
        for line in lines:
            if _product_values(line.fields) != _product_values(first.fields):
                problems.append(
                    Problem(
                        line.number,
                        _(
                            "“%(product)s” differs from line %(first)d: category, unit, VAT, storage, variable weight and description must be the same on every line of a product"
                        )
                        % {"product": line.fields.name, "first": first.number},
                    )
                )
            label = line.variant.label.casefold()
            if label in seen:
                problems.append(
                    Problem(
                        line.number,
                        _("“%(product)s %(variant)s” is already on line %(first)d")
                        % {
                            "product": line.fields.name,
                            "variant": line.variant.label,
                            "first": seen[label],
                        },
                    )
                )
            seen.setdefault(label, line.number)
    return problems


def _product_values(fields: ProductFields) -> tuple:
    return (
        fields.category.pk,
        fields.unit,
        fields.vat_rate,
        fields.storage,
        fields.variable_weight,
        fields.description,
    )


def _matching_problems(groups: dict[str, list[Line]], products: list[Product]) -> list[Problem]:
    """Problems only the existing catalogue reveals, reported on the product's first line."""
    by_name = defaultdict(list)
    for product in products:
        by_name[product.name.casefold()].append(product)
    problems = []
    for key, lines in groups.items():
        first, same_name = lines[0], by_name.get(key, [])
        names = {"product": first.fields.name}
        if len(same_name) > 1:
            problems.append(
                Problem(
                    first.number,
                    _("you have several products named “%(product)s”; rename them first") % names,
                )
            )
            continue
        existing = same_name[0].variants.all() if same_name else []
        if labels_problems([v.label for v in existing]):
            problems.append(
                Problem(
                    first.number,
                    _("“%(product)s” has two variants with the same label; rename them first")
                    % names,
                )
            )
        listed = {line.variant.label.casefold() for line in lines}
        for variant in existing:
            unlisted = variant.label.casefold() not in listed
            if first.fields.variable_weight and unlisted and variant.estimated_weight_kg is None:
                problems.append(
                    Problem(
                        first.number,
                        _(
                            "variable weight: the variant “%(label)s” of “%(product)s” needs an estimated weight"
                        )
                        % {"label": variant.label, **names},
                    )
                )
    return problems


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_REPORTED_PROBLEMS:
        return problems
    rest = len(problems) - MAX_REPORTED_PROBLEMS
    return [
        *problems[:MAX_REPORTED_PROBLEMS],
        ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", rest)
        % {"count": rest},
    ]


# --- Writing ---------------------------------------------------------------------------------


def _upsert(producer: Producer, groups: dict[str, list[Line]], products) -> ImportSummary:
    summary = ImportSummary()
    by_name = {p.name.casefold(): p for p in products}
    created, updated = [], []
    for key, lines in groups.items():
        product = by_name.get(key) or Product(producer=producer)
        (updated if product.pk else created).append(product)
        for name, value in _values_of(lines[0].fields).items():
            setattr(product, name, value)
        product.active = any(line.variant.active for line in lines)
        by_name[key] = product
    now = timezone.now()
    for product in updated:
        product.updated_at = now  # bulk_update skips auto_now
    Product.objects.bulk_create(created)
    Product.objects.bulk_update(updated, [*PRODUCT_COLUMNS, "active", "updated_at"])
    summary.products_created, summary.products_updated = len(created), len(updated)

    new_variants, changed_variants = [], []
    for key, lines in groups.items():
        product = by_name[key]
        existing = (
            {v.label.casefold(): v for v in product.variants.all()} if product in updated else {}
        )
        position = max((v.position for v in existing.values()), default=-1) + 1
        for line in lines:
            variant = existing.get(line.variant.label.casefold())
            if variant is None:
                variant = Variant(product=product, label=line.variant.label, position=position)
                position += 1
                new_variants.append(variant)
            else:
                changed_variants.append(variant)
            variant.label = line.variant.label
            variant.price = line.variant.price
            variant.pro_price = line.variant.pro_price
            variant.estimated_weight_kg = line.variant.estimated_weight_kg
            variant.active = line.variant.active
    Variant.objects.bulk_create(new_variants)
    Variant.objects.bulk_update(
        changed_variants, ["label", "price", "pro_price", "estimated_weight_kg", "active"]
    )
    summary.variants_created, summary.variants_updated = len(new_variants), len(changed_variants)
    return summary


PRODUCT_COLUMNS = (
    "name",
    "category",
    "unit",
    "vat_rate",
    "storage",
    "variable_weight",
    "description",
)


def _values_of(fields: ProductFields) -> dict:
    return {column: getattr(fields, column) for column in PRODUCT_COLUMNS}
