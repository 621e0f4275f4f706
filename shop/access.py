"""Who may do what inside a collective, in one place.

Views use these decorators and `get_<thing>_for` helpers; the helpers answer
404 alike for "does not exist" and "not yours", so ids reveal nothing.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from groupage.accounts.models import Role


def role_required(*roles: str):
    """Signed-in users of the given roles; admins may go everywhere in their collective."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role != Role.ADMIN and user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


admin_required = role_required(Role.ADMIN)
producer_required = role_required(Role.PRODUCER)
depot_keeper_required = role_required(Role.DEPOT_KEEPER)


def producer_of(user):
    """The producer a producer account speaks for (404 if none)."""
    from shop.catalogue.models import Producer

    producer = Producer.objects.filter(user=user).first()
    if producer is None:
        raise Http404
    return producer
