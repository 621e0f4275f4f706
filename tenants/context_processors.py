from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name


def collective(request: HttpRequest) -> dict:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return {"collective": None}
    return {"collective": tenant}
