"""What the logistics pages share."""

from django.http import Http404, HttpResponse

from shop.logistics.documents.registry import (
    DOCUMENTS,
    FORMATS,
    DocumentType,
    Scope,
    render_document,
)


def document_or_404(slug: str, fmt: str) -> DocumentType:
    if slug not in DOCUMENTS or fmt not in FORMATS:
        raise Http404
    return DOCUMENTS[slug]


def file_response(document: DocumentType, fmt: str, *, cycle, scope: Scope) -> HttpResponse:
    rendered = render_document(document, fmt, cycle=cycle, scope=scope)
    disposition = "inline" if fmt == "pdf" else "attachment"
    return HttpResponse(
        rendered.content,
        content_type=rendered.content_type,
        headers={"Content-Disposition": f'{disposition}; filename="{rendered.filename}"'},
    )
