"""The platform's public site, on the apex domain: landing, pricing, sign-up."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from billing.models import Plan
from public_site import limits
from public_site.forms import SignUpForm
from public_site.handoff import handoff_issue
from public_site.models import LoginHandoff, SignUpRequest
from public_site.signup import SignUpDetails, slug_availability, territory_sign_up
from tenants.selectors import collective_directory

SESSION_KEY = "sign_ups"
# After this, the founder signs in on their shop like anyone else.
CONTINUE_WITHIN = timedelta(hours=1)
SLUG_CHECKS_PER_MINUTE = 60


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public_site/landing.html",
        {"collectives": collective_directory(), "plans": Plan.objects.filter(active=True)},
    )


def pricing(request: HttpRequest) -> HttpResponse:
    return render(request, "public_site/pricing.html", {"plans": Plan.objects.filter(active=True)})


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None, initial={"plan": request.GET.get("plan")})
    if request.method == "POST" and form.is_valid() and not form.is_robot:
        data = form.cleaned_data
        details = SignUpDetails(
            collective_name=data["collective_name"],
            territory=data["territory"],
            slug=data["slug"],
            admin_name=data["admin_name"],
            email=data["email"],
            password=data["password"],
            plan_slug=data["plan"].slug,
        )
        try:
            sign_up_request = territory_sign_up(
                details=details, ip_address=limits.client_ip(request)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            owned = request.session.get(SESSION_KEY, [])
            request.session[SESSION_KEY] = [*owned[-4:], str(sign_up_request.public_id)]
            return redirect("public_site:progress", public_id=sign_up_request.public_id)
    elif request.method == "POST" and form.is_robot:
        form.add_error(None, _("Your sign-up could not be taken. Please try again."))
    context = {"form": form, "platform_domain": settings.PLATFORM_DOMAIN}
    return render(request, "public_site/sign_up.html", context)


@require_GET
def slug_check(request: HttpRequest) -> HttpResponse:
    """Answers as the founder types the subdomain (htmx)."""
    slug = request.GET.get("slug", "").strip().lower()
    if limits.hit("slug-check-ip", limits.client_ip(request), 60) > SLUG_CHECKS_PER_MINUTE:
        context = {"slug": slug, "ok": False, "message": _("Slow down a little, please.")}
        return render(request, "public_site/_slug_check.html", context, status=429)
    context = {"slug": slug, "ok": False, "message": ""}
    if slug:
        try:
            slug_availability(slug)
        except ValidationError as error:
            context["message"] = error.messages[0]
        else:
            context["ok"] = True
    return render(request, "public_site/_slug_check.html", context)


@never_cache
def sign_up_progress(request: HttpRequest, public_id) -> HttpResponse:
    return render(request, "public_site/progress.html", _steps(_owned(request, public_id)))


@never_cache
def sign_up_status(request: HttpRequest, public_id) -> HttpResponse:
    """Polled every second by the progress page; sends the browser on when ready."""
    sign_up_request = _owned(request, public_id)
    response = render(request, "public_site/_progress.html", _steps(sign_up_request))
    if sign_up_request.status == SignUpRequest.Status.DONE:
        response["HX-Redirect"] = reverse("public_site:continue", args=[public_id])
    return response


@never_cache
def sign_up_continue(request: HttpRequest, public_id) -> HttpResponse:
    """Hand the founder over to their new shop, signed in (cookies do not cross hosts)."""
    sign_up_request = _owned(request, public_id)
    if sign_up_request.status != SignUpRequest.Status.DONE:
        return redirect("public_site:progress", public_id=public_id)
    if timezone.now() - sign_up_request.finished_at > CONTINUE_WITHIN:
        raise Http404
    url = handoff_issue(
        collective=sign_up_request.collective,
        user_id=sign_up_request.admin_user_id,
        purpose=LoginHandoff.Purpose.SIGN_UP,
        next_path=reverse("backoffice:onboarding:checklist", urlconf=settings.ROOT_URLCONF),
    )
    return redirect(url)


def _owned(request: HttpRequest, public_id) -> SignUpRequest:
    """Only the browser that signed up follows its progress (404 alike otherwise)."""
    if str(public_id) not in request.session.get(SESSION_KEY, []):
        raise Http404
    sign_up_request = (
        SignUpRequest.objects.select_related("collective").filter(public_id=public_id).first()
    )
    if sign_up_request is None:
        raise Http404
    return sign_up_request


def _steps(sign_up_request: SignUpRequest) -> dict:
    """Each step of the set-up, done, under way or to come."""
    order = [SignUpRequest.Step.SCHEMA, SignUpRequest.Step.ACCOUNT, SignUpRequest.Step.DONE]
    reached = [SignUpRequest.Step.QUEUED, *order].index(sign_up_request.step)
    failed = sign_up_request.status == SignUpRequest.Status.FAILED
    steps = []
    for position, step in enumerate(order, start=1):
        if position < reached or step == SignUpRequest.Step.DONE == sign_up_request.step:
            state = "done"
        elif position == reached:
            state = "failed" if failed else "running"
        else:
            state = "todo"
        steps.append({"label": step.label, "state": state})
    return {"sign_up": sign_up_request, "steps": steps}


def _add_errors(form: SignUpForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
