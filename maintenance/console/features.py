"""Feature flags and "what's new" notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maintenance.announcements import announcement_publish, announcement_withdraw
from maintenance.console.access import actor, staff_required
from maintenance.console.forms import AnnouncementForm, FlagForm
from maintenance.features import feature_set_rollout
from maintenance.models import Announcement, FeatureFlag


@staff_required
def flag_list(request: HttpRequest) -> HttpResponse:
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feature_set_rollout(by=actor(request), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Feature saved."))
            return redirect("console:features")
    flags = FeatureFlag.objects.prefetch_related("overrides__collective")
    return render(request, "console/features.html", {"flags": flags, "form": form})


@staff_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            announcement_publish(
                title=data["title"],
                body=data["body"],
                feature_key=data["feature"],
                ends_at=data["ends_at"],
                by=actor(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The note is shown to collectives' admins."))
            return redirect("console:announcements")
    notes = Announcement.objects.select_related("feature")[:50]
    return render(request, "console/announcements.html", {"notes": notes, "form": form})


@require_POST
@staff_required
def announcement_end(request: HttpRequest, note_id: int) -> HttpResponse:
    announcement_withdraw(
        announcement=get_object_or_404(Announcement, pk=note_id), by=actor(request)
    )
    return redirect("console:announcements")
