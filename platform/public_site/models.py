"""Sign-ups of new territories and cross-host sign-ins (public schema)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignUpRequest(models.Model):
    """Someone founding a collective: what they asked for and how far its set-up went.

    The password is kept hashed only until the admin account exists in the
    new collective's schema, then blanked.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        PROVISIONING = "provisioning", _("Creating the shop")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        QUEUED = "queued", _("Waiting for a free worker")
        SCHEMA = "schema", _("Creating the collective's database")
        ACCOUNT = "account", _("Creating your admin account")
        SHOP = "shop", _("Preparing the shop")
        DONE = "done", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collective_name = models.CharField(_("name of the collective"), max_length=120)
    territory = models.CharField(_("territory"), max_length=200)
    slug = models.SlugField(_("subdomain"), max_length=40)
    admin_name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    password_hash = models.CharField(max_length=256, blank=True)
    plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.QUEUED)
    error = models.TextField(blank=True)
    collective = models.ForeignKey(
        "tenants.Collective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    admin_user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"sign-up of {self.slug}"


class LoginHandoff(models.Model):
    """A one-time sign-in into a collective's site, given from another host.

    Cookies do not cross hosts: the apex (after a sign-up) or the staff console
    (support access) issues a signed, short-lived token naming this row; the
    collective's site signs the user in once and records the use.
    """

    class Purpose(models.TextChoices):
        SIGN_UP = "sign_up", _("Sign-up")
        SUPPORT = "support", _("Support access")

    nonce = models.CharField(max_length=64, unique=True)
    schema_name = models.CharField(max_length=63)
    user_id = models.BigIntegerField()
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    next_path = models.CharField(max_length=200, default="/")
    # Support sessions end with their grant; others last as a normal session.
    session_expires_at = models.DateTimeField(null=True, blank=True)
    support_grant_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} handoff into {self.schema_name}"
