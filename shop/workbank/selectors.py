"""Reads of the work bank, scoped to who may see them (constant queries per page)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from groupage.accounts.models import Role, User
from shop.workbank.models import WorkEntry
from shop.workbank.quarters import Quarter


def entries_in(quarter: Quarter) -> QuerySet[WorkEntry]:
    return (
        WorkEntry.objects.filter(date__gte=quarter.start, date__lt=quarter.end)
        .select_related("member", "producer")
        .order_by("-date", "-id")
    )


def entries_visible_to(user, quarter: Quarter) -> QuerySet[WorkEntry]:
    """An admin sees everyone's hours; a member their own."""
    entries = entries_in(quarter)
    return entries if user.role == Role.ADMIN else entries.filter(member=user)


def get_entry_for(user, entry_id: int) -> WorkEntry:
    """The entry, if `user` may delete it: theirs, or anyone's for an admin (404 alike)."""
    entries = WorkEntry.objects.all()
    if user.role != Role.ADMIN:
        entries = entries.filter(member=user)
    return get_object_or_404(entries, pk=entry_id)


def members_for_admin() -> QuerySet[User]:
    """Whom an admin may record hours for: anyone active in the collective."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "email")
