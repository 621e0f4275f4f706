"""Browsing the pooled offer: by category, by producer, by search."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from shop.catalogue.models import Producer
from shop.members.selectors import is_professional
from shop.orders.cart import load_cart, save_cart
from shop.storefront import selectors
from shop.storefront.grid import grid_html
from shop.storefront.shopping import current_choice, safe_next


def home(request: HttpRequest) -> HttpResponse:
    choice = current_choice(request)
    professional = is_professional(request.user)
    grid = ""
    categories = []
    filters = {
        "category": request.GET.get("categorie", "")[:80],
        "producer": request.GET.get("producteur", "")[:160],
        "search": request.GET.get("q", "")[:100],
    }
    if choice.cycle is not None:
        categories = list(selectors.categories_on_offer(choice.cycle, choice.point))
        if not any(filters.values()) and categories:
            # One category at a time: a phone shows ~25 products, not 300.
            filters["category"] = categories[0].slug
        grid = grid_html(request, choice, professional=professional, filters=filters, page=1)
    cart = load_cart(request.session)
    context = {
        "choice": choice,
        "grid": mark_safe(grid),  # noqa: S308 - our own rendered template
        "categories": categories,
        "next_category": _next_category(categories, filters["category"]),
        "filters": filters,
        "professional": professional,
        "cart": selectors.cart_view(cart, choice.cycle, choice.point, professional=professional),
    }
    return render(request, "storefront/home.html", context)


def grid_page(request: HttpRequest) -> HttpResponse:
    """A further page of the product grid (htmx "show more")."""
    choice = current_choice(request)
    if choice.cycle is None:
        raise Http404
    filters = {
        "category": request.GET.get("categorie", "")[:80],
        "producer": request.GET.get("producteur", "")[:160],
        "search": request.GET.get("q", "")[:100],
    }
    page = request.GET.get("page", "1")
    page = int(page) if re.fullmatch(r"[1-9][0-9]{0,3}", page) else 1
    html = grid_html(
        request, choice, professional=is_professional(request.user), filters=filters, page=page
    )
    return HttpResponse(html)


def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    choice = current_choice(request)
    professional = is_professional(request.user)
    if choice.cycle is None:
        raise Http404
    cards = selectors.offer_cards(
        choice.cycle, choice.point, professional=professional, product_id=product_id
    )
    if not cards:
        raise Http404
    cart = load_cart(request.session)
    return render(
        request,
        "storefront/product.html",
        {
            "card": cards[0],
            "producer": cards[0].product.producer,
            "choice": choice,
            "professional": professional,
            "in_cart": cart.items,
        },
    )


def producer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "storefront/producers.html", {"producers": selectors.producers_directory()}
    )


def producer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    producer = get_object_or_404(Producer, slug=slug, active=True)
    choice = current_choice(request)
    professional = is_professional(request.user)
    cards = (
        selectors.offer_cards(choice.cycle, choice.point, professional=professional, producer=slug)
        if choice.cycle
        else []
    )
    cart = load_cart(request.session)
    return render(
        request,
        "storefront/producer.html",
        {
            "producer": producer,
            "cards": cards,
            "choice": choice,
            "professional": professional,
            "in_cart": cart.items,
        },
    )


@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    """Remember the cycle and pickup point chosen, then back to the page."""
    cart = load_cart(request.session)
    cycles = selectors.open_cycles(timezone.now())
    choice = selectors.choose(cycles, request.POST.get("cycle"), request.POST.get("point"))
    if choice.cycle is not None:
        cart.cycle_id = choice.cycle.pk
        cart.point_id = choice.point.pk if choice.point else None
        save_cart(request.session, cart)
    return redirect(safe_next(request, "storefront:home"))


def _next_category(categories: list, current: str):
    slugs = [c.slug for c in categories]
    if current in slugs and slugs.index(current) + 1 < len(slugs):
        return categories[slugs.index(current) + 1]
    return None
