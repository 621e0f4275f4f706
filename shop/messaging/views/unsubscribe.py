"""The unsubscribe link of every reminder and message: one click, no sign-in.

GET shows what the link does and a button; POST acts — from that button, or
straight from the mail client (RFC 8058 one-click, which carries no CSRF
token: the signed token is the proof, and it only acts for its owner).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from shop.messaging.unsubscribe import InvalidToken, is_subscribed, read_token, subscription_set


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = read_token(token)
    except InvalidToken:
        return render(request, "messaging/unsubscribe_invalid.html", status=404)
    done = request.method == "POST"
    if done:
        subscribed = request.POST.get("action") == "resubscribe"
        subscription_set(subscription=subscription, subscribed=subscribed)
    return render(
        request,
        "messaging/unsubscribe.html",
        {
            "topic": subscription.topic,
            "email": subscription.user.email,
            "subscribed": is_subscribed(subscription),
            "done": done,
        },
    )
