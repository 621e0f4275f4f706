"""Guards in front of ordering: an unpaid provider, a membership not taken yet.

- Read-only shop (provider invoices unpaid past the grace period): consumers
  still browse, but every ordering action (basket, checkout, changing or
  reordering; cancelling stays possible) answers 503 with a clear page. The collective's
  admins are never blocked, so they can pay and export.
- Membership: when the collective asks one before ordering, the checkout
  sends a consumer without this year's membership to the membership page first.

Only the storefront's ordering views are looked at, so other pages pay nothing.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

ORDERING_VIEWS = {
    "storefront:cart_set",
    "storefront:checkout",
    "storefront:order_edit",
    "storefront:order_reorder",
}


class ShopGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in ORDERING_VIEWS:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_collective_admin:
            return None
        from billing.provider.access import shop_is_read_only

        if shop_is_read_only(getattr(request, "tenant", None)):
            return render(request, "billing/read_only.html", status=503)
        if match.view_name == "storefront:checkout" and user is not None:
            from billing.payments.membership import membership_needed

            if membership_needed(user):
                target = reverse("payments:membership")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return None
