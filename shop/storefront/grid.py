"""The product grid of the storefront, rendered once and cached.

Rendering a hundred product cards is the costly part of the shop page, and
identical for everyone shopping the same cycle, point, price list and
category. We cache it for a short while under a key that carries the
cycle's offer version (bumped after every order, see `shop.orders.signals`),
so stock shown stays right. The CSRF token differs per visitor: the cached
HTML holds a placeholder replaced on each response.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from shop.orders.signals import offer_version
from shop.storefront import selectors

PAGE_SIZE = 24
TTL_SECONDS = 30
CSRF_PLACEHOLDER = "__csrf_token__"


def grid_html(
    request: HttpRequest,
    choice: selectors.Choice,
    *,
    professional: bool,
    filters: dict[str, str],
    page: int,
) -> str:
    cacheable = not filters["search"]
    key = ":".join(
        [
            "storefront:grid",
            str(choice.cycle.pk),
            str(choice.point.pk if choice.point else 0),
            "pro" if professional else "home",
            get_language() or "fr",
            filters["category"],
            filters["producer"],
            str(page),
            f"v{offer_version(choice.cycle.pk)}",
        ]
    )
    html = cache.get(key) if cacheable else None
    if html is None:
        html = _render(choice, professional=professional, filters=filters, page=page)
        if cacheable:
            cache.set(key, html, TTL_SECONDS)
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


def _render(choice, *, professional: bool, filters: dict[str, str], page: int) -> str:
    cards = selectors.offer_cards(choice.cycle, choice.point, professional=professional, **filters)
    start = (page - 1) * PAGE_SIZE
    shown = cards[start : start + PAGE_SIZE]
    more = len(cards) > start + PAGE_SIZE
    query = urlencode(
        {
            name: value
            for name, value in (
                ("categorie", filters["category"]),
                ("producteur", filters["producer"]),
                ("q", filters["search"]),
            )
            if value
        }
    )
    return render_to_string(
        "storefront/_grid.html",
        {
            "cards": shown,
            "page": page,
            "more_url": f"{reverse('storefront:grid')}?{query}&page={page + 1}" if more else "",
            "professional": professional,
            "csrf_placeholder": CSRF_PLACEHOLDER,
            "cart_set_url": reverse("storefront:cart_set"),
            "product_url": reverse("storefront:product", args=[0])[:-2],
            "producer_url": reverse("storefront:producers"),
            "first_page": page == 1,
        },
    )
