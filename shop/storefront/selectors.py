"""What the storefront reads, in a fixed number of queries whatever the catalogue size."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet

from shop.catalogue.models import Category, Producer, Product, ProductPhoto, Variant
from shop.cycles.models import Distribution, OfferItem, OrderCycle
from shop.money import ZERO, Totals, totals_for
from shop.orders.cart import Cart
from shop.orders.pricing import estimated_line_amount, unit_price
from shop.pickup.models import PickupPoint

CYCLES_CACHE_KEY = "storefront:upcoming-cycles"
CYCLES_CACHE_SECONDS = 30


def open_cycles(now: datetime) -> list[OrderCycle]:
    """Cycles taking orders now, each with its distributions at active points.

    The list of cycles not yet past their deadline is cached briefly; whether
    each one is open is decided here against `now`, so a deadline is never
    late by the cache.
    """
    upcoming = cache.get(CYCLES_CACHE_KEY)
    if upcoming is None:
        distributions = Distribution.objects.filter(pickup_point__active=True).select_related(
            "pickup_point"
        )
        upcoming = list(
            OrderCycle.objects.filter(closes_at__gt=now, closed_at__isnull=True)
            .prefetch_related(Prefetch("distributions", queryset=distributions))
            .order_by("closes_at")[:20]
        )
        cache.set(CYCLES_CACHE_KEY, upcoming, CYCLES_CACHE_SECONDS)
    return [cycle for cycle in upcoming if cycle.is_open(now)]


def cycles_changed() -> None:
    """Call after creating, closing or changing a cycle or a pickup point."""
    cache.delete(CYCLES_CACHE_KEY)


@dataclass
class Choice:
    """The cycle and pickup point the consumer is shopping for."""

    cycles: list[OrderCycle]
    cycle: OrderCycle | None
    distribution: Distribution | None

    @property
    def point(self) -> PickupPoint | None:
        return self.distribution.pickup_point if self.distribution else None


def choose(cycles: list[OrderCycle], cycle_id, point_id) -> Choice:
    cycle = next((c for c in cycles if str(c.pk) == str(cycle_id)), cycles[0] if cycles else None)
    distribution = None
    if cycle is not None:
        distributions = list(cycle.distributions.all())
        distribution = next(
            (d for d in distributions if str(d.pickup_point_id) == str(point_id)), None
        )
    return Choice(cycles=cycles, cycle=cycle, distribution=distribution)


@dataclass
class OfferedVariant:
    variant: Variant
    offer: OfferItem
    price: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return self.offer.remaining


@dataclass
class ProductCard:
    product: Product
    variants: list[OfferedVariant] = field(default_factory=list)

    @property
    def photo(self) -> ProductPhoto | None:
        photos = self.product.photos.all()
        return photos[0] if photos else None

    @property
    def sold_out(self) -> bool:
        return all(v.remaining is not None and v.remaining <= 0 for v in self.variants)


def _offer_queryset(cycle: OrderCycle, point: PickupPoint | None) -> QuerySet[OfferItem]:
    items = OfferItem.objects.filter(
        cycle=cycle,
        variant__active=True,
        variant__product__active=True,
        variant__product__producer__active=True,
    )
    if point is not None:
        items = items.filter(Q(pickup_points__isnull=True) | Q(pickup_points=point))
    return items.select_related(
        "variant__product__producer", "variant__product__category"
    ).prefetch_related(Prefetch("variant__product__photos", queryset=ProductPhoto.objects.all()))


def offer_cards(
    cycle: OrderCycle,
    point: PickupPoint | None,
    *,
    professional: bool,
    category: str = "",
    producer: str = "",
    search: str = "",
    product_id: int | None = None,
) -> list[ProductCard]:
    """The products on offer, grouped with their variants, in category order."""
    items = _offer_queryset(cycle, point)
    if category:
        items = items.filter(variant__product__category__slug=category)
    if producer:
        items = items.filter(variant__product__producer__slug=producer)
    if product_id is not None:
        items = items.filter(variant__product_id=product_id)
    for word in search.split()[:5]:
        items = items.filter(
            Q(variant__product__name__icontains=word)
            | Q(variant__product__producer__farm_name__icontains=word)
            | Q(variant__product__category__name__icontains=word)
        )
    items = items.order_by(
        "variant__product__category__position",
        "variant__product__name",
        "variant__product_id",
        "variant__position",
    )
    cards: dict[int, ProductCard] = {}
    for item in items:
        product = item.variant.product
        card = cards.setdefault(product.pk, ProductCard(product))
        card.variants.append(
            OfferedVariant(item.variant, item, unit_price(item.variant, professional=professional))
        )
    return list(cards.values())


def categories_on_offer(cycle: OrderCycle, point: PickupPoint | None = None) -> list[Category]:
    """Categories with something really on offer at this point, cached with the
    cycle's offer version."""
    from shop.orders.signals import offer_version

    key = f"storefront:categories:{cycle.pk}:{point.pk if point else 0}:v{offer_version(cycle.pk)}"
    categories = cache.get(key)
    if categories is None:
        category_ids = _offer_queryset(cycle, point).values("variant__product__category_id")
        categories = list(Category.objects.filter(pk__in=category_ids).order_by("position", "name"))
        cache.set(key, categories, 300)
    return categories


def producers_directory() -> QuerySet[Producer]:
    return Producer.objects.filter(active=True).order_by("farm_name")


@dataclass
class CartLine:
    variant: Variant
    quantity: Decimal
    price: Decimal
    amount: Decimal
    remaining: Decimal | None
    available: bool


@dataclass
class CartView:
    lines: list[CartLine]
    totals: Totals
    professional: bool

    @property
    def total(self) -> Decimal:
        return self.totals.total_incl if self.lines else ZERO

    @property
    def has_problems(self) -> bool:
        return any(not line.available for line in self.lines)


def cart_view(cart: Cart, cycle: OrderCycle | None, point, *, professional: bool) -> CartView:
    """The basket priced from today's offer (two queries)."""
    if not cart.items:
        return CartView([], totals_for([], prices_incl_vat=not professional), professional)
    variants = Variant.objects.filter(pk__in=cart.items.keys()).select_related("product__producer")
    offers = {}
    if cycle is not None:
        offers = {
            o.variant_id: o
            for o in _offer_queryset(cycle, point)
            .filter(variant_id__in=cart.items.keys())
            .prefetch_related(None)
        }
    lines = []
    for variant in sorted(variants, key=lambda v: (v.product.name, v.position)):
        quantity = cart.items[variant.pk]
        offer = offers.get(variant.pk)
        remaining = offer.remaining if offer else Decimal("0")
        available = offer is not None and (remaining is None or quantity <= remaining)
        lines.append(
            CartLine(
                variant=variant,
                quantity=quantity,
                price=unit_price(variant, professional=professional),
                amount=estimated_line_amount(variant, quantity, professional=professional),
                remaining=remaining,
                available=available,
            )
        )
    totals = totals_for(
        ((line.variant.product.vat_rate, line.amount) for line in lines),
        prices_incl_vat=not professional,
    )
    return CartView(lines, totals, professional)


SETTINGS_CACHE_KEY = "storefront:shop-settings"


def shop_settings():
    """The collective's shop settings, cached until they are saved again."""
    from shop.members.models import ShopSettings

    found = cache.get(SETTINGS_CACHE_KEY)
    if found is None:
        found = ShopSettings.load()
        cache.set(SETTINGS_CACHE_KEY, found, 300)
    return found


def settings_changed() -> None:
    cache.delete(SETTINGS_CACHE_KEY)
