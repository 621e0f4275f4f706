"""Security headers Django does not set by itself."""

from django.http import HttpRequest, HttpResponse

# Pages load their own scripts, styles and images only; inline styles are
# allowed for templates' `style=` attributes, inline scripts never.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds `Content-Security-Policy` to every response that has none yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
