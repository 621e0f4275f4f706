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
