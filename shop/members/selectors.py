"""Reads about the people of a collective."""

from shop.members.models import ProfessionalAccount, Profile


def is_professional(user) -> bool:
    """Professional prices apply once the collective has approved the account."""
    if not user.is_authenticated:
        return False
    return ProfessionalAccount.objects.filter(
        user=user, status=ProfessionalAccount.Status.APPROVED
    ).exists()


def profile_of(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    return Profile.objects.select_related("default_pickup_point").filter(user=user).first()
