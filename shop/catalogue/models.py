"""Producers and what they sell."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.money import VAT_RATES

VAT_RATE_CHOICES = [
    (Decimal("0.00"), _("No VAT (art. 293 B CGI)")),
    (Decimal("5.50"), "5,5 %"),
    (Decimal("10.00"), "10 %"),
    (Decimal("20.00"), "20 %"),
]
assert [c[0] for c in VAT_RATE_CHOICES] == list(VAT_RATES)


class Producer(models.Model):
    class Kind(models.TextChoices):
        FARM = "farm", _("Farm")
        PROCESSOR = "processor", _("Processor")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="producer",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FARM)
    name = models.CharField(_("name"), max_length=120)
    farm_name = models.CharField(_("farm name"), max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="producers/", blank=True)
    organic = models.BooleanField(_("certified organic"), default=False)
    certifications = models.CharField(_("certifications"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    vat_exempt = models.BooleanField(_("VAT exempt (art. 293 B CGI)"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["farm_name"]

    def __str__(self) -> str:
        return self.farm_name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    KG = "kg", _("kg")
    G100 = "100g", _("100 g")
    LITRE = "l", _("litre")
    BUNCH = "bunch", _("bunch")
    DOZEN = "dozen", _("dozen")
    JAR = "jar", _("jar")
    BOTTLE = "bottle", _("bottle")
    BOX = "box", _("box")


class StorageClass(models.TextChoices):
    AMBIENT = "ambient", _("Ambient")
    FRESH = "fresh", _("Fresh")
    FROZEN = "frozen", _("Frozen")


class Product(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=4, decimal_places=2, choices=VAT_RATE_CHOICES
    )
    storage = models.CharField(
        _("storage"), max_length=10, choices=StorageClass.choices, default=StorageClass.AMBIENT
    )
    # Sold per kg, ordered by the piece: the price is estimated from the
    # weight per piece and fixed when the producer weighs it.
    variable_weight = models.BooleanField(_("variable weight"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        indexes = [models.Index(fields=["producer", "active"])]

    def __str__(self) -> str:
        return self.name


class Variant(models.Model):
    """What is actually sold: every product has one variant or more (e.g. sizes)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    label = models.CharField(_("variant"), max_length=80, blank=True)
    # Households' price, VAT included (per unit, or per kg for variable weight).
    price = models.DecimalField(
        _("price incl. VAT"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # Professionals' price, VAT excluded; empty means the household price without VAT.
    pro_price = models.DecimalField(
        _("professional price excl. VAT"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    estimated_weight_kg = models.DecimalField(
        _("estimated weight per piece (kg)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product.name} {self.label}".strip()


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="products/")
    thumbnail = models.ImageField(upload_to="products/thumbs/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"photo of {self.product_id}"
