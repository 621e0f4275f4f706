from django import template

from maintenance.announcements import announcements_for

register = template.Library()


@register.simple_tag(takes_context=True)
def announcements(context, limit: int = 3):
    """Current "what's new" notes for this collective's admins."""
    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return []
    return announcements_for(tenant, limit=limit)
