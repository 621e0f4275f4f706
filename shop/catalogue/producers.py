"""Producers of the collective: adding them, editing them, inviting them in.

Rules enforced here:
- a producer's slug is made once from the farm name, unique in the collective,
  and kept when the name changes, so that links to the producer stay valid;
- the SIRET is 14 digits with a valid check digit (see `tenants.services.clean_siret`);
- a photo is a PNG, JPEG or WebP image of at most 5 MB;
- coordinates are kept to six decimals (about 10 cm) within the globe's bounds;
- a producer may get a user account (role "producer"), at creation or later:
  its owner is e-mailed a link to choose their password once the change is
  committed. An e-mail already used by a member of the collective is linked
  to the producer rather than duplicated, unless it belongs to another
  producer or to a depot keeper.
"""

import logging
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groupage.accounts.models import Role, User
from shop.catalogue.models import Producer
from shop.members.services import validate_image_upload
from tenants.services import clean_siret

logger = logging.getLogger(__name__)

COORDINATE = Decimal("0.000001")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ProducerDetails:
    """What an admin says about a producer (every field of `Producer` but its account and slug)."""

    name: str
    farm_name: str
    kind: str = Producer.Kind.FARM
    description: str = ""
    organic: bool = False
    certifications: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    siret: str = ""
    vat_number: str = ""
    vat_exempt: bool = False
    email: str = ""
    phone: str = ""
    active: bool = True


def producer_create(
    *,
    details: ProducerDetails,
    photo: UploadedFile | None = None,
    create_account: bool = False,
    site_url: str = "",
    by: User | None = None,
) -> Producer:
    """Add a producer; with `create_account`, also their account, and invite them.

    The account uses the producer's e-mail; `site_url` (the collective's
    address, e.g. https://panier-des-pres.groupage.fr/) starts the link.
    """
    producer = Producer()
    _apply(producer, details)
    if create_account and not producer.email:
        raise ValidationError({"email": _("Give the producer's e-mail to create their account.")})
    with transaction.atomic():
        producer.slug = _unique_slug(producer.farm_name)
        _validate(producer, photo)
        if photo:
            producer.photo = photo
        producer.save()
        if create_account:
            _attach_account(producer, producer.email, site_url)
    logger.info("Producer %s added by %s", producer.slug, _actor(by))
    return producer


def producer_update(
    *,
    producer: Producer,
    details: ProducerDetails,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
    by: User | None = None,
) -> Producer:
    """Change what is known of a producer. The slug and the account stay as they are."""
    with transaction.atomic():
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        _apply(producer, details)
        _validate(producer, photo)
        if photo:
            producer.photo = photo
        elif remove_photo:
            producer.photo = ""
        producer.save()
    logger.info("Producer %s changed by %s", producer.slug, _actor(by))
    return producer


def producer_invite(
    *, producer: Producer, site_url: str, email: str = "", by: User | None = None
) -> User:
    """Give the producer an account if they have none, and (re)send their invitation.

    `email` is used when the producer has no account yet (their contact e-mail
    when empty); an existing account keeps its e-mail.
    """
    with transaction.atomic():
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        logger.info("Producer %s invited by %s", producer.slug, _actor(by))
        if producer.user is not None:
            user = producer.user
            transaction.on_commit(lambda: _send_invitation(user.pk, producer.pk, site_url))
            return user
        address = (email or producer.email).strip().lower()
        if not address:
            raise ValidationError({"email": _("Give an e-mail address for the account.")})
        return _attach_account(producer, address, site_url)


# --- helpers --------------------------------------------------------------------


def _actor(by: User | None) -> str:
    return f"user {by.pk}" if by is not None else "the platform"


def _apply(producer: Producer, details: ProducerDetails) -> None:
    values = asdict(details)
    for field in ("name", "farm_name", "certifications", "address", "postcode", "city", "phone"):
        values[field] = values[field].strip()
    values["description"] = values["description"].strip()
    values["email"] = values["email"].strip().lower()
    values["vat_number"] = "".join(values["vat_number"].split()).upper()
    for field in ("latitude", "longitude"):
        if values[field] is not None:
            values[field] = Decimal(values[field]).quantize(COORDINATE, rounding=ROUND_HALF_UP)
    for field, value in values.items():
        setattr(producer, field, value)


def _validate(producer: Producer, photo: UploadedFile | None) -> None:
    errors: dict[str, list[str]] = {}
    if photo:
        try:
            validate_image_upload(photo, max_bytes=PHOTO_MAX_BYTES)
        except ValidationError as error:
            errors["photo"] = error.messages
    try:
        producer.siret = clean_siret(producer.siret)
    except ValidationError as error:
        errors["siret"] = error.messages
    for field, bound in (("latitude", 90), ("longitude", 180)):
        value = getattr(producer, field)
        if value is not None and not -bound <= value <= bound:
            errors[field] = [
                _("Must be between -%(bound)s and %(bound)s.") % {"bound": bound},
            ]
    try:
        producer.full_clean(exclude=["user", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _unique_slug(farm_name: str) -> str:
    base = slugify(farm_name)[:150] or "producteur"
    taken = set(Producer.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _attach_account(producer: Producer, email: str, site_url: str) -> User:
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        first_name, _space, last_name = producer.name.partition(" ")
        user = User.objects.create_user(
            email=email,
            password=None,
            role=Role.PRODUCER,
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    else:
        if Producer.objects.filter(user=user).exclude(pk=producer.pk).exists():
            raise ValidationError(
                {"email": _("This e-mail is already the account of another producer.")}
            )
        if user.role == Role.DEPOT_KEEPER:
            raise ValidationError(
                {
                    "email": _(
                        "This e-mail belongs to a depot keeper: change their role first "
                        "on the members page."
                    )
                }
            )
        if user.role == Role.CONSUMER:
            user.role = Role.PRODUCER
            user.save(update_fields=["role"])
    producer.user = user
    producer.save(update_fields=["user"])
    transaction.on_commit(lambda: _send_invitation(user.pk, producer.pk, site_url))
    logger.info("Account created or linked for producer %s", producer.slug)
    return user


def invitation_url(user: User, site_url: str) -> str:
    """A link to choose a password: allauth's password reset, valid PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path


def _send_invitation(user_id: int, producer_id: int, site_url: str) -> None:
    user = User.objects.get(pk=user_id)
    producer = Producer.objects.get(pk=producer_id)
    context = {
        "user": user,
        "producer": producer,
        "has_password": user.has_usable_password(),
        "password_url": invitation_url(user, site_url),
        "site_url": site_url,
        "email": user.email,
        "collective_name": getattr(connection.tenant, "name", ""),
    }
    with translation.override(user.language):
        subject = render_to_string("backoffice/email/producer_invitation_subject.txt", context)
        body = render_to_string("backoffice/email/producer_invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        # The producer exists either way; the admin can send the invitation again.
        logger.exception("Invitation to %s could not be sent", user.email)
