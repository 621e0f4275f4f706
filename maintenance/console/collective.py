"""One collective: its figures, and the operations staff may run on it."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maintenance import operations
from maintenance.console.access import actor, staff_required
from maintenance.console.forms import (
    OptionalReasonForm,
    OverrideForm,
    ReasonForm,
    RestoreForm,
    RingForm,
    SupportForm,
)
from maintenance.exports import collective_restore
from maintenance.features import feature_override_set, features_for
from maintenance.fleet_migrations.detect import target_fingerprint
from maintenance.models import CollectiveExport, FeatureOverride, FleetMigrationItem, SupportGrant
from maintenance.stats import collective_stats_refresh
from maintenance.support import support_grant_end, support_grant_open
from maintenance.tasks import export_collective
from tenants.models import Collective
from tenants.selectors import primary_domain_of


def _collective(slug: str) -> Collective:
    return get_object_or_404(
        Collective.objects.exclude(schema_name="public").select_related(
            "stats", "subscription__plan", "rollout_ring"
        ),
        slug=slug,
    )


@require_GET
@staff_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(slug)
    overrides = {
        o.flag.key: o
        for o in FeatureOverride.objects.filter(collective=collective).select_related("flag")
    }
    context = {
        "collective": collective,
        "domain": primary_domain_of(collective),
        "up_to_date": collective.migration_fingerprint == target_fingerprint(),
        "deletion_date": (
            operations.deletion_date(collective)
            if collective.status == Collective.Status.CLOSED
            else None
        ),
        "audit": collective.audit.all()[:30],
        "grants": SupportGrant.objects.filter(collective=collective)[:20],
        "exports": CollectiveExport.objects.filter(collective=collective)[:20],
        "migrations": FleetMigrationItem.objects.filter(collective=collective).order_by("-id")[:10],
        "features": sorted(features_for(collective).items()),
        "overrides": overrides,
        "reason_form": ReasonForm(),
        "optional_reason_form": OptionalReasonForm(),
        "support_form": SupportForm(),
        "ring_form": RingForm(
            initial={"ring": getattr(getattr(collective, "rollout_ring", None), "ring", 2)}
        ),
    }
    return render(request, "console/collective.html", context)


_ACTIONS = {
    "suspend": (
        ReasonForm,
        operations.collective_suspend_by_staff,
        _("The collective is suspended."),
    ),
    "reactivate": (
        OptionalReasonForm,
        operations.collective_reactivate_by_staff,
        _("The collective is active again."),
    ),
    "close": (
        ReasonForm,
        operations.collective_close,
        _("The collective is closed; it will be deleted after the grace period."),
    ),
}


@require_POST
@staff_required
def status_change(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    if action not in _ACTIONS:
        raise Http404
    collective = _collective(slug)
    form_class, service, done = _ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why: it is kept in the audit log."))
        return redirect("console:collective", slug=slug)
    try:
        service(collective=collective, by=actor(request), reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("console:collective", slug=slug)


@require_POST
@staff_required
def ring_change(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(slug)
    form = RingForm(request.POST)
    if form.is_valid():
        operations.collective_set_ring(
            collective=collective, ring=form.cleaned_data["ring"], by=actor(request)
        )
        messages.success(request, _("Ring changed."))
    return redirect("console:collective", slug=slug)


@require_POST
@staff_required
def override_change(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(slug)
    form = OverrideForm(request.POST)
    if form.is_valid():
        state = form.cleaned_data["state"]
        enabled = {"on": True, "off": False, "rollout": None}[state]
        try:
            feature_override_set(
                key=form.cleaned_data["key"],
                collective=collective,
                enabled=enabled,
                by=actor(request),
            )
        except Exception:  # an unknown key: nothing to change
            raise Http404 from None
    return redirect("console:collective", slug=slug)


@require_POST
@staff_required
def stats_refresh(request: HttpRequest, slug: str) -> HttpResponse:
    collective_stats_refresh(collective=_collective(slug))
    return redirect("console:collective", slug=slug)


@require_POST
@staff_required
def export_start(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(slug)
    export_collective.delay(collective.pk, actor(request))
    messages.success(request, _("The export is being made; it appears below when ready."))
    return redirect("console:collective", slug=slug)


@require_GET
@staff_required
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_object_or_404(CollectiveExport, pk=export_id)
    path = Path(export.path)
    if not path.is_file():
        raise Http404
    from maintenance.audit import audit

    audit(
        actor=actor(request), action="export_download", collective=export.collective, file=path.name
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@staff_required
def restore(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_object_or_404(CollectiveExport, pk=export_id)
    form = RestoreForm(
        request.POST or None, initial={"export": export.pk, "slug": f"{export.slug}-copie"}
    )
    if request.method == "POST" and form.is_valid():
        collective = _restore(request, form, export.path)
        if collective is not None:
            return redirect("console:collective", slug=collective.slug)
    return render(request, "console/restore.html", {"form": form, "export": export})


def _restore(request: HttpRequest, form, archive_path) -> Collective | None:
    """Restore from `archive_path`; None with the reasons on the form when refused."""
    try:
        collective = collective_restore(
            archive_path=archive_path,
            slug=form.cleaned_data["slug"],
            name=form.cleaned_data["name"],
            by=actor(request),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    messages.success(request, _("Restored, suspended: look, then reactivate it."))
    return collective


@require_POST
@staff_required
def support_enter(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(slug)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            _grant, url = support_grant_open(
                staff=request.user,
                collective=collective,
                reason=form.cleaned_data["reason"],
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(url)
    else:
        messages.error(request, _("A written reason and a duration are required."))
    return redirect("console:collective", slug=slug)


@require_POST
@staff_required
def support_end(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(SupportGrant.objects.select_related("collective"), pk=grant_id)
    support_grant_end(grant=grant, by=actor(request))
    messages.success(request, _("Support access ended."))
    return redirect("console:collective", slug=grant.collective.slug)
