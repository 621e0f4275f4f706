"""A new territory signs up: checked at once, its shop made in the background.

Rules enforced here:
- the subdomain follows `tenants.slugs.validate_slug` (length, characters,
  reserved and offensive words) and must be free;
- the e-mail is valid; the password passes Django's validators (length,
  common passwords, similarity to the name or e-mail, all digits);
- a plan offered on the public site is chosen;
- per visitor address: at most ATTEMPTS_PER_IP sign-up attempts an hour and
  SIGN_UPS_PER_IP collectives a day; per e-mail, SIGN_UPS_PER_EMAIL a day.

The password is only ever stored hashed, and only until the admin account
exists in the new collective's schema.
"""

import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from billing.models import Plan, Subscription
from groupage.accounts.models import Role, User
from public_site import limits
from public_site.models import SignUpRequest
from tenants.models import Collective, Domain
from tenants.schema_template import current_template
from tenants.services import CollectiveDetails, collective_provision, primary_host_for
from tenants.slugs import schema_name_for, validate_slug

logger = logging.getLogger(__name__)

HOUR, DAY = 3600, 86400
ATTEMPTS_PER_IP = 10
SIGN_UPS_PER_IP = 3
SIGN_UPS_PER_EMAIL = 3


@dataclass(frozen=True)
class SignUpDetails:
    collective_name: str
    territory: str
    slug: str
    admin_name: str
    email: str
    password: str
    plan_slug: str


def slug_availability(slug: str) -> None:
    """Raise ValidationError, with the founder-facing reason, unless `slug` can be taken."""
    validate_slug(slug)
    taken = (
        Collective.objects.filter(slug=slug).exists()
        or Collective.objects.filter(schema_name=schema_name_for(slug)).exists()
        or Domain.objects.filter(domain=primary_host_for(slug)).exists()
        or SignUpRequest.objects.filter(
            slug=slug, status__in=[SignUpRequest.Status.QUEUED, SignUpRequest.Status.PROVISIONING]
        ).exists()
    )
    if taken:
        raise ValidationError(_("This subdomain is already taken."), code="taken")


def territory_sign_up(*, details: SignUpDetails, ip_address: str) -> SignUpRequest:
    """Check everything, record the request and start making the shop (after commit)."""
    if limits.hit("signup-attempt-ip", ip_address, HOUR) > ATTEMPTS_PER_IP:
        raise _too_many()
    email = details.email.strip().lower()
    slug = details.slug.strip().lower()
    if (
        limits.count("signup-ip", ip_address, DAY) >= SIGN_UPS_PER_IP
        or limits.count("signup-email", email, DAY) >= SIGN_UPS_PER_EMAIL
    ):
        raise _too_many()
    errors = _check(details, slug, email)
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.get(slug=details.plan_slug, active=True)
    with transaction.atomic():
        request = SignUpRequest.objects.create(
            collective_name=details.collective_name.strip(),
            territory=details.territory.strip(),
            slug=slug,
            admin_name=details.admin_name.strip(),
            email=email,
            password_hash=make_password(details.password),
            plan=plan,
            ip_address=ip_address or None,
        )
        from public_site.tasks import provision_sign_up

        transaction.on_commit(lambda: provision_sign_up.delay(request.pk))
    limits.hit("signup-ip", ip_address, DAY)
    limits.hit("signup-email", email, DAY)
    logger.info("Sign-up of %s requested", slug)
    return request


def _too_many() -> ValidationError:
    return ValidationError(
        _("Too many sign-ups from here just now. Please try again later or write to us."),
        code="rate_limited",
    )


def _check(details: SignUpDetails, slug: str, email: str) -> dict[str, list]:
    errors: dict[str, list] = {}
    if not details.collective_name.strip():
        errors["collective_name"] = [_("Give the collective a name.")]
    if not details.territory.strip():
        errors["territory"] = [_("Say which territory the collective serves.")]
    if not details.admin_name.strip():
        errors["admin_name"] = [_("Give your name.")]
    try:
        slug_availability(slug)
    except ValidationError as error:
        errors["slug"] = error.error_list
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address.")]
    first, _space, last = details.admin_name.strip().partition(" ")
    try:
        validate_password(details.password, User(email=email, first_name=first, last_name=last))
    except ValidationError as error:
        errors["password"] = error.error_list
    if not Plan.objects.filter(slug=details.plan_slug, active=True).exists():
        errors["plan"] = [_("Choose one of the plans.")]
    return errors


# --- Provisioning (a background task) -------------------------------------------


def sign_up_provision(*, request_id: int) -> SignUpRequest:
    """Make the collective, then its admin, plan and closed shop; mark it active.

    The schema is made first (committed, status "provisioning", so that its
    address shows a "being set up" page); the rest is one transaction. If the
    rest fails, the collective is dropped again so the subdomain is free.
    """
    with transaction.atomic():
        request = SignUpRequest.objects.select_for_update().get(pk=request_id)
        if request.status != SignUpRequest.Status.QUEUED:
            return request  # a retried task: already done or being done
        _advance(request, SignUpRequest.Status.PROVISIONING, SignUpRequest.Step.SCHEMA)
    current_template()  # rebuilt outside any transaction when the migrations changed
    try:
        collective = collective_provision(
            details=CollectiveDetails(
                name=request.collective_name,
                slug=request.slug,
                territory=request.territory,
                contact_email=request.email,
            ),
            status=Collective.Status.PROVISIONING,
        )
    except ValidationError as error:
        return _fail(request, " ".join(error.messages))
    _advance(request, step=SignUpRequest.Step.ACCOUNT)
    try:
        with transaction.atomic():
            user = _make_admin(collective, request)
            Subscription.objects.create(
                collective=collective, plan=request.plan, started_at=timezone.now()
            )
            Collective.objects.filter(pk=collective.pk).update(
                status=Collective.Status.ACTIVE, status_changed_at=timezone.now()
            )
            request.collective = collective
            request.admin_user_id = user.pk
            request.password_hash = ""
            request.finished_at = timezone.now()
            _advance(request, SignUpRequest.Status.DONE, SignUpRequest.Step.DONE)
    except Exception:
        logger.exception("Sign-up of %s failed after its schema was made", request.slug)
        _discard(collective)
        return _fail(
            request, _("Your shop could not be set up. We were told and will write to you.")
        )
    logger.info("Collective %s signed up", request.slug)
    return request


def _make_admin(collective: Collective, request: SignUpRequest) -> User:
    from shop.members.models import ShopSettings

    first, _space, last = request.admin_name.partition(" ")
    with tenant_context(collective):
        user = User(
            email=request.email,
            first_name=first,
            last_name=last,
            role=Role.ADMIN,
            password=request.password_hash,
        )
        user.save()
        EmailAddress.objects.create(user=user, email=request.email, primary=True, verified=False)
        # A new shop opens when its admin says so, from the onboarding checklist.
        ShopSettings.objects.update_or_create(pk=1, defaults={"is_open": False})
    connection.set_schema_to_public()
    return user


def _advance(request: SignUpRequest, status: str | None = None, step: str | None = None) -> None:
    request.status = status or request.status
    request.step = step or request.step
    request.save()


def _fail(request: SignUpRequest, message: str) -> SignUpRequest:
    request.status = SignUpRequest.Status.FAILED
    request.error = message
    request.password_hash = ""
    request.finished_at = timezone.now()
    request.save()
    return request


def _discard(collective: Collective) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{collective.schema_name}" CASCADE')
    Collective.objects.filter(pk=collective.pk).delete()
