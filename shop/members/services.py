"""Members of the collective and its shop settings: the state changes an admin makes.

Rules enforced here:
- an admin never removes their own admin role, so a collective always keeps one;
- a member who stops being a depot keeper stops keeping their pickup points;
- a professional account is approved or refused by an admin, who is recorded
  with the moment of the decision; the professional is told by e-mail;
- the shop's logo is a PNG, JPEG or WebP image of at most 2 MB.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groupage.accounts.models import Role, User
from shop.members.models import ProfessionalAccount, ShopSettings
from shop.money import quantize

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 2 * 1024 * 1024


# --- Roles ----------------------------------------------------------------------


def user_change_role(*, user: User, role: str, by: User) -> User:
    """Give a member another role (consumer, producer, depot keeper, admin)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.pk == by.pk and user.role == Role.ADMIN and role != Role.ADMIN:
            raise ValidationError(
                {"role": _("You cannot remove your own admin role; ask another admin.")}
            )
        if user.role == role:
            return user
        if user.role == Role.DEPOT_KEEPER:
            user.kept_points.clear()
        previous, user.role = user.role, role
        user.save(update_fields=["role"])
    logger.info("Role of user %s changed from %s to %s by %s", user.pk, previous, role, by.pk)
    return user


# --- Professional accounts ----------------------------------------------------------


def professional_account_approve(
    *, account: ProfessionalAccount, by: User, now: datetime | None = None
) -> ProfessionalAccount:
    """Let a professional buy at professional prices (VAT excluded)."""
    return _decide(account, ProfessionalAccount.Status.APPROVED, by, now)


def professional_account_refuse(
    *, account: ProfessionalAccount, by: User, now: datetime | None = None
) -> ProfessionalAccount:
    """Refuse professional prices; the member keeps buying as a household."""
    return _decide(account, ProfessionalAccount.Status.REFUSED, by, now)


def _decide(
    account: ProfessionalAccount, status: str, by: User, now: datetime | None
) -> ProfessionalAccount:
    with transaction.atomic():
        account = ProfessionalAccount.objects.select_for_update().get(pk=account.pk)
        if account.status == status:
            return account
        account.status = status
        account.decided_at = now or timezone.now()
        account.decided_by = by
        account.save(update_fields=["status", "decided_at", "decided_by"])
        transaction.on_commit(lambda: _tell_professional(account.pk))
    logger.info("Professional account %s %s by %s", account.pk, status, by.pk)
    return account


def _tell_professional(account_id: int) -> None:
    account = ProfessionalAccount.objects.select_related("user").get(pk=account_id)
    with translation.override(account.user.language):
        context = {
            "account": account,
            "approved": account.is_approved,
            "collective_name": getattr(connection.tenant, "name", ""),
        }
        subject = render_to_string("backoffice/email/professional_decision_subject.txt", context)
        body = render_to_string("backoffice/email/professional_decision.txt", context)
    try:
        send_mail(
            " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [account.user.email]
        )
    except OSError:
        logger.exception("Decision on professional account %s could not be e-mailed", account_id)


# --- Shop settings ------------------------------------------------------------------


@dataclass(frozen=True)
class ShopSettingsDetails:
    primary_colour: str
    tagline: str = ""
    about: str = ""
    rules: str = ""
    charter: str = ""
    minimum_order_amount: Decimal = Decimal("0.00")
    reminder_hours_before: int = 24
    is_open: bool = True


def shop_settings_update(
    *,
    details: ShopSettingsDetails,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
    by: User | None = None,
) -> ShopSettings:
    """Change the shop's look, texts and rules (one row per collective)."""
    with transaction.atomic():
        ShopSettings.load()
        row = ShopSettings.objects.select_for_update().get(pk=1)
        values = asdict(details)
        for field in ("tagline", "about", "rules", "charter"):
            values[field] = values[field].strip()
        values["primary_colour"] = values["primary_colour"].strip().lower()
        values["minimum_order_amount"] = quantize(values["minimum_order_amount"])
        for field, value in values.items():
            setattr(row, field, value)
        errors: dict[str, list[str]] = {}
        if logo:
            try:
                validate_logo(logo)
            except ValidationError as error:
                errors["logo"] = error.messages
            else:
                row.logo = logo
        elif remove_logo:
            row.logo = ""
        if not 1 <= row.reminder_hours_before <= 168:
            errors["reminder_hours_before"] = [_("Between 1 and 168 hours (a week).")]
        try:
            row.full_clean(exclude=list(errors))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        row.save()
    logger.info("Shop settings changed by %s", getattr(by, "pk", None))
    return row


def validate_logo(upload: UploadedFile) -> None:
    validate_image_upload(upload, max_bytes=LOGO_MAX_BYTES)


IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_image_upload(upload: UploadedFile, *, max_bytes: int) -> None:
    """A PNG, JPEG or WebP image of at most `max_bytes`, checked by opening it."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > max_bytes:
        raise ValidationError(
            _("The image must weigh %(size)s MB at most.") % {"size": max_bytes // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("The image must be a PNG, JPEG or WebP file."))
