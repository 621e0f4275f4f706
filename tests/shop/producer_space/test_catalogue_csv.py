"""The catalogue as a spreadsheet: Excel opens it, and what comes back is checked whole."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shop.catalogue.csv_io import COLUMNS, catalogue_export, catalogue_import
from shop.catalogue.models import Product, Variant
from shop.demo.factories import make_category, make_producer, make_product

HEADER = ";".join(COLUMNS)


def csv_file(text: str, encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("catalogue.csv", text.encode(encoding), content_type="text/csv")


def catalogue_of(producer) -> list[tuple]:
    """Everything the file carries, in a comparable form."""
    return sorted(
        (
            v.product.name,
            v.label,
            v.product.category.name,
            v.product.unit,
            v.price,
            v.pro_price,
            v.product.vat_rate,
            v.product.storage,
            v.product.variable_weight,
            v.estimated_weight_kg,
            v.product.active and v.active,
            v.product.description,
        )
        for v in Variant.objects.filter(product__producer=producer).select_related(
            "product__category"
        )
    )


@pytest.fixture
def catalogue(farm, vegetables):
    """Bruno's catalogue, with what makes a CSV round trip hard."""
    meat = make_category("Viande")
    make_product(farm, "Carottes", "2.80", variants=[("botte", "2.80"), ("1 kg", "3.20")])
    make_product(
        farm,
        "Céleri-rave « bio »; le vrai",
        "3.10",
        vat="5.50",
        description='Récolté à la main.\nLigne deux; avec "guillemets".',
    )
    chicken = make_product(
        farm,
        "Poulet fermier",
        vat="5.50",
        unit="kg",
        category=meat,
        variable_weight=True,
        variants=[("entier", "12.90")],
    )
    chicken.variants.update(estimated_weight_kg=Decimal("1.800"), pro_price=Decimal("11.00"))
    make_product(farm, "=Formule", "1.00", vat="20.00", storage="ambient", unit="piece")
    make_product(farm, "Navets", "2.00", active=False)


def test_export_opens_in_excel_as_it_is(bruno_client, catalogue):
    response = bruno_client.get("/producteur/catalogue.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    assert "Carottes;botte;Légumes;kg;2,80;;5,5;fresh;0;;1;" in text
    assert "Poulet fermier;entier;Viande;kg;12,90;11,00;5,5;fresh;1;1,8;1;" in text
    assert "'=Formule" in text  # never a live formula in a spreadsheet
    assert "Céleri-rave « bio »; le vrai" in text


def test_round_trip_gives_the_same_catalogue(farm, catalogue):
    exported = catalogue_export(producer=farm)

    twin = make_producer(farm_name="Ferme jumelle")
    summary = catalogue_import(producer=twin, upload=csv_file(exported.decode("utf-8-sig")))
    assert catalogue_of(twin) == catalogue_of(farm)
    assert (summary.products_created, summary.variants_created) == (5, 6)

    before = catalogue_of(farm)
    summary = catalogue_import(producer=farm, upload=csv_file(exported.decode("utf-8-sig")))
    assert catalogue_of(farm) == before
    assert (summary.products_created, summary.products_updated) == (0, 5)


def test_import_updates_prices_and_adds_variants(bruno_client, farm, catalogue):
    text = "\n".join(
        [
            HEADER,
            "Carottes;Botte;Légumes;kg;2,95;;5,5;fresh;0;;1;",
            "Carottes;5 kg;Légumes;kg;14;12,5;5,5;fresh;0;;1;",
            "Épinards;500 g;légumes;kg;3.40;;5,5;Fresh;non;;oui;Pousses tendres",
        ]
    )
    page = bruno_client.post("/producteur/catalogue/importer/", {"file": csv_file(text)})
    assert page.status_code == 302
    carrots = Product.objects.get(producer=farm, name="Carottes")
    assert [(v.label, v.price, v.pro_price) for v in carrots.variants.all()] == [
        ("Botte", Decimal("2.95"), None),  # matched ignoring case; the file's spelling wins
        ("1 kg", Decimal("3.20"), None),
        ("5 kg", Decimal("14.00"), Decimal("12.50")),
    ]
    spinach = Product.objects.get(producer=farm, name="Épinards")
    assert (spinach.storage, spinach.description) == ("fresh", "Pousses tendres")


def test_two_bad_lines_are_both_reported_and_nothing_is_imported(bruno_client, farm, catalogue):
    before = catalogue_of(farm)
    text = "\n".join(
        [
            HEADER,
            "Carottes;botte;Légumes;kg;2,95;;5,5;fresh;0;;1;",
            "Carottes;1 kg;Légumes;kg;abc;;5,5;fresh;0;;1;",
            "Poireaux;;Légumes;kg;2;;5,5;fresh;0;;1;",
            "Pommes;;Fruitz;kg;2;;5,5;fresh;0;;1;",
        ]
    )
    page = bruno_client.post("/producteur/catalogue/importer/", {"file": csv_file(text)})
    assert page.status_code == 200
    report = page.content.decode()
    assert "Nothing was imported" in report
    assert "line 3: price “abc” invalid" in report
    assert "line 5: unknown category “Fruitz”" in report
    assert catalogue_of(farm) == before
    assert not Product.objects.filter(producer=farm, name="Poireaux").exists()


def test_the_header_is_checked(farm):
    with pytest.raises(ValidationError) as refused:
        catalogue_import(producer=farm, upload=csv_file("nom;prix\nCarottes;2\n"))
    assert "line 1: the first line must name the columns" in refused.value.messages[0]
    assert "Missing columns: product" in refused.value.messages[1]


def test_a_file_saved_by_excel_in_windows_1252_keeps_its_accents(farm, vegetables):
    text = f"{HEADER}\r\nCéleri-rave;pièce;Légumes;piece;2,50;;5,5;fresh;0;;1;Très bon\r\n"
    catalogue_import(producer=farm, upload=csv_file(text, encoding="cp1252"))
    product = Product.objects.get(producer=farm)
    assert (product.name, product.variants.get().label, product.description) == (
        "Céleri-rave",
        "pièce",
        "Très bon",
    )


def test_lines_of_one_product_must_agree(farm, vegetables):
    text = "\n".join(
        [
            HEADER,
            "Carottes;botte;Légumes;kg;2;;5,5;fresh;0;;1;",
            "Carottes;1 kg;Légumes;kg;3;;20;fresh;0;;1;",
            "Carottes;1 kg;Légumes;kg;3;;5,5;fresh;0;;1;",
        ]
    )
    with pytest.raises(ValidationError) as refused:
        catalogue_import(producer=farm, upload=csv_file(text))
    messages = refused.value.messages
    assert messages[0].startswith("line 3: “Carottes” differs from line 2")
    assert messages[1].startswith("line 4: “Carottes 1 kg” is already on line 3")


def test_a_file_over_2_mb_is_refused(farm):
    big = csv_file(HEADER + "\n" + ("x" * 100 + "\n") * 21000)
    with pytest.raises(ValidationError, match="too large"):
        catalogue_import(producer=farm, upload=big)


def test_vat_exempt_farm_imports_at_zero_vat(farm, vegetables):
    farm.vat_exempt = True
    farm.save()
    text = f"{HEADER}\nCarottes;;Légumes;kg;2;;5,5;fresh;0;;1;\n"
    catalogue_import(producer=farm, upload=csv_file(text))
    assert Product.objects.get(producer=farm).vat_rate == Decimal("0.00")


def test_empty_columns_added_by_a_spreadsheet_are_ignored(farm, vegetables):
    text = f"{HEADER};;\nCarottes;;Légumes;kg;2;;5,5;fresh;0;;1;;;\n"
    catalogue_import(producer=farm, upload=csv_file(text))
    assert Product.objects.filter(producer=farm, name="Carottes").exists()


def test_a_line_with_too_many_cells_is_reported(farm, vegetables):
    text = f"{HEADER}\nCarottes;;Légumes;kg;2;;5,5;fresh;0;;1;;en trop\n"
    with pytest.raises(ValidationError, match="line 2: 13 columns instead of 12"):
        catalogue_import(producer=farm, upload=csv_file(text))
