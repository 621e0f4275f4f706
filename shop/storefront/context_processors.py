from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

from shop.orders.cart import load_cart


def shop(request: HttpRequest) -> dict:
    """The collective's look and the basket's size, read once and only if a page uses them."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return {}
    from shop.storefront.selectors import shop_settings

    return {
        "shop_settings": SimpleLazyObject(shop_settings),
        "cart_count": SimpleLazyObject(lambda: load_cart(request.session).count()),
    }
