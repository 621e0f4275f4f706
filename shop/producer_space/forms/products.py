"""Forms of a product and its variants: they validate, the services write."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import VAT_RATE_CHOICES, Category, StorageClass, Unit
from shop.catalogue.services import ProductFields, VariantFields
from shop.producer_space.forms.fields import DecimalCommaField

VAT_CHOICES = [(f"{rate:.2f}", label) for rate, label in VAT_RATE_CHOICES]


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("position", "name")
    )
    unit = forms.ChoiceField(label=_("Sold by"), choices=Unit.choices)
    vat_rate = forms.TypedChoiceField(
        label=_("VAT rate"), choices=VAT_CHOICES, coerce=Decimal, initial="5.50"
    )
    storage = forms.ChoiceField(label=_("Storage"), choices=StorageClass.choices)
    variable_weight = forms.BooleanField(
        label=_("Variable weight"),
        required=False,
        help_text=_(
            "Sold by the kg but ordered by the piece: the price is estimated from the "
            "weight per piece, and fixed when you weigh it."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        if producer.vat_exempt:
            vat = self.fields["vat_rate"]
            vat.disabled = True
            vat.initial = "0.00"
            vat.help_text = _("Your farm is VAT exempt (art. 293 B CGI): no VAT on your products.")

    def product_fields(self) -> ProductFields:
        data = self.cleaned_data
        return ProductFields(
            name=data["name"],
            category=data["category"],
            unit=data["unit"],
            vat_rate=data["vat_rate"],
            storage=data["storage"],
            variable_weight=data["variable_weight"],
            description=data["description"],
        )

    @staticmethod
    def initial_for(product) -> dict:
        return {
            "name": product.name,
            "category": product.category_id,
            "unit": product.unit,
            "vat_rate": f"{product.vat_rate:.2f}",
            "storage": product.storage,
            "variable_weight": product.variable_weight,
            "description": product.description,
        }


class VariantForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(
        label=_("Variant"),
        max_length=80,
        required=False,
        help_text=_("e.g. 500 g, bunch, size L; may stay empty if there is only one"),
    )
    price = DecimalCommaField(
        label=_("Price incl. VAT (households)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    pro_price = DecimalCommaField(
        label=_("Pro price excl. VAT"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("empty: the household price without VAT"),
    )
    estimated_weight_kg = DecimalCommaField(
        label=_("Weight per piece (kg)"),
        max_digits=7,
        decimal_places=3,
        min_value=Decimal("0.001"),
        required=False,
    )
    active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def variant_fields(self) -> VariantFields | None:
        data = self.cleaned_data
        if not data:
            return None  # an extra row left empty
        if data.get("DELETE"):
            return VariantFields(label="", price=Decimal(0), id=data.get("id"), delete=True)
        return VariantFields(
            id=data.get("id"),
            label=data["label"],
            price=data["price"],
            pro_price=data["pro_price"],
            estimated_weight_kg=data["estimated_weight_kg"],
            active=data["active"],
        )


class BaseVariantFormSet(forms.BaseFormSet):
    def variant_fields(self) -> list[VariantFields]:
        variants = [form.variant_fields() for form in self.forms]
        return [v for v in variants if v is not None]


VariantFormSet = forms.formset_factory(
    VariantForm,
    formset=BaseVariantFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


def variants_initial(product) -> list[dict]:
    return [
        {
            "id": v.pk,
            "label": v.label,
            "price": v.price,
            "pro_price": v.pro_price,
            "estimated_weight_kg": v.estimated_weight_kg,
            "active": v.active,
        }
        for v in product.variants.all()
    ]


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("position", "name"),
        required=False,
        empty_label=_("All categories"),
    )
    active = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("On sale")), ("0", _("Withdrawn"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
