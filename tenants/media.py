"""Uploaded files, served only to the collective they belong to.

django-tenants stores each collective's uploads under MEDIA_ROOT/<schema>/
and links them as /media/<schema>/…; this view answers only for the schema
of the collective the request came to, so no host serves another's files,
and only for the public folders (product photos, producers, logo).
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

# Only these folders hold files meant for anyone visiting the shop. Invoices
# and other private files are read by their own views, which check who asks.
PUBLIC_FOLDERS = ("products/", "producers/", "branding/")


def collective_media(request: HttpRequest, schema: str, path: str) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    if tenant is None or schema != tenant.schema_name or not path.startswith(PUBLIC_FOLDERS):
        raise Http404
    root = (Path(settings.MEDIA_ROOT) / schema).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        # The proxy (Caddy's handle_response, nginx's X-Accel-Redirect) sends
        # the file itself once we have said which one, and that it may.
        response = HttpResponse()
        response["X-Accel-Redirect"] = (
            "/" + target.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
        )
    else:
        response = FileResponse(target.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response
