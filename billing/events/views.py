"""The platform's one webhook endpoint (apex domain): every collective's events arrive here."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.events.services import webhook_receive
from billing.stripe_gateway import BadSignature


@csrf_exempt  # Stripe signs its requests; there is no session to protect
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        webhook_receive(payload=request.body, signature=request.headers.get("Stripe-Signature", ""))
    except BadSignature:
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    # Processed, duplicate, or failed and recorded for replay: Stripe need not resend.
    return HttpResponse("ok", content_type="text/plain")
