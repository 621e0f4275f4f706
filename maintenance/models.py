"""Records of what the provider did to collectives (public schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One action on a collective by the provider's staff or the platform itself."""

    collective = models.ForeignKey(
        "tenants.Collective", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    actor = models.CharField(_("by"), max_length=254)
    action = models.CharField(_("action"), max_length=60)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class Ring(models.IntegerChoices):
    """Order in which collectives receive changes: canaries first, everyone last."""

    CANARY = 0, _("Canary")
    EARLY = 1, _("Early")
    ALL = 2, _("Everyone else")


class RolloutRing(models.Model):
    """A collective's ring; collectives without a row are in the last ring."""

    collective = models.OneToOneField(
        "tenants.Collective", on_delete=models.CASCADE, related_name="rollout_ring"
    )
    ring = models.PositiveSmallIntegerField(_("ring"), choices=Ring.choices, default=Ring.ALL)

    def __str__(self) -> str:
        return f"{self.collective} in ring {self.ring}"


class CollectiveStats(models.Model):
    """Figures of one collective for the fleet view, refreshed by a recurring task."""

    collective = models.OneToOneField(
        "tenants.Collective", on_delete=models.CASCADE, related_name="stats"
    )
    orders_this_week = models.PositiveIntegerField(default=0)
    turnover_this_week = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    database_bytes = models.BigIntegerField(default=0)
    media_bytes = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"figures of {self.collective}"

    @property
    def storage_bytes(self) -> int:
        return self.database_bytes + self.media_bytes


class SharedSchemaState(models.Model):
    """Fingerprint of the shared (public) migrations last applied by `migrate_fleet`."""

    fingerprint = models.CharField(max_length=64)
    migrated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"shared schema at {self.fingerprint[:12]}"


class FleetMigrationRun(models.Model):
    """One run of `migrate_fleet`: which collectives were behind and how it went."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Some collectives failed")
        STOPPED = "stopped", _("Stopped after a canary failed")

    target_fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_by = models.CharField(max_length=254)
    workers = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    up_to_date = models.PositiveIntegerField(default=0)
    template_seconds = models.FloatField(default=0)
    shared_seconds = models.FloatField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"fleet migration {self.pk} ({self.status})"


class FleetMigrationItem(models.Model):
    """One collective in a fleet migration run."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Migrated")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not started (a canary failed)")

    run = models.ForeignKey(FleetMigrationRun, on_delete=models.CASCADE, related_name="items")
    collective = models.ForeignKey(
        "tenants.Collective", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    schema_name = models.CharField(max_length=63)
    ring = models.PositiveSmallIntegerField(choices=Ring.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    method = models.CharField(max_length=10, blank=True)  # "sql" replay or "executor"
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ring", "schema_name"]
        indexes = [models.Index(fields=["collective", "status"])]

    def __str__(self) -> str:
        return f"{self.schema_name}: {self.status}"


class FeatureFlag(models.Model):
    """A feature behind a flag, rolled out ring by ring.

    A collective sees it when its ring is within `rollout`, unless an
    override for that collective says otherwise (staff decision or the
    admins' beta opt-in).
    """

    class Rollout(models.IntegerChoices):
        OFF = -1, _("Nobody")
        CANARY = Ring.CANARY, _("Canary collectives")
        EARLY = Ring.EARLY, _("Canary and early collectives")
        ALL = Ring.ALL, _("Every collective")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    rollout = models.SmallIntegerField(_("rolled out to"), choices=Rollout.choices, default=-1)
    beta_opt_in = models.BooleanField(_("admins may try it as a beta"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class FeatureOverride(models.Model):
    class Source(models.TextChoices):
        STAFF = "staff", _("Staff decision")
        BETA = "beta", _("Beta chosen by the collective")

    flag = models.ForeignKey(FeatureFlag, on_delete=models.CASCADE, related_name="overrides")
    collective = models.ForeignKey(
        "tenants.Collective", on_delete=models.CASCADE, related_name="feature_overrides"
    )
    enabled = models.BooleanField()
    source = models.CharField(max_length=10, choices=Source.choices)
    by = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["flag", "collective"], name="one_override_per_flag")
        ]

    def __str__(self) -> str:
        return f"{self.flag} {'on' if self.enabled else 'off'} for {self.collective}"


class Announcement(models.Model):
    """A "what's new" note shown to collectives' admins on their back-office home."""

    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"))
    feature = models.ForeignKey(
        FeatureFlag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        verbose_name=_("only where this feature is on"),
    )
    published_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    created_by = models.CharField(max_length=254)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title


class SupportGrant(models.Model):
    """Staff entering a collective's back-office as an admin, for a reason, for a while.

    The collective's admins read these in their back-office.
    """

    staff = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="support_grants"
    )
    staff_email = models.EmailField()
    collective = models.ForeignKey(
        "tenants.Collective", on_delete=models.CASCADE, related_name="support_grants"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("until"))
    ended_at = models.DateTimeField(null=True, blank=True)
    support_user_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"support by {self.staff_email} in {self.collective}"

    def is_live(self, now) -> bool:
        return self.ended_at is None and now < self.expires_at


class CollectiveExport(models.Model):
    """An archive of everything of one collective: SQL dump, media, readable data."""

    collective = models.ForeignKey(
        "tenants.Collective", null=True, on_delete=models.SET_NULL, related_name="exports"
    )
    slug = models.CharField(max_length=40)
    schema_name = models.CharField(max_length=63)
    path = models.CharField(max_length=500)
    size_bytes = models.BigIntegerField(default=0)
    reason = models.CharField(max_length=40, default="manual")  # manual, nightly, before deletion
    by = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export of {self.slug} at {self.created_at:%Y-%m-%d %H:%M}"
