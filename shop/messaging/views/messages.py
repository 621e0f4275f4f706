"""The collective's messages in the back-office: write, preview, test, send, follow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from shop.access import admin_required
from shop.backoffice.forms.base import add_service_errors
from shop.backoffice.views.common import in_collective_zone, page_of
from shop.messaging import collective_messages as service
from shop.messaging.forms import MessageForm
from shop.messaging.models import Message, MessageDelivery


def get_message_for(message_id: int) -> Message:
    return get_object_or_404(Message.objects.select_related("pickup_point"), pk=message_id)


@admin_required
@in_collective_zone
def message_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, service.message_list())
    return render(request, "messaging/backoffice/list.html", {"page": page})


@admin_required
def message_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@admin_required
def message_edit(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_message_for(message_id)
    if message.status != Message.Status.DRAFT:
        return redirect("backoffice:message_detail", message.pk)
    return _edit(request, message)


def _edit(request: HttpRequest, message: Message | None) -> HttpResponse:
    form = MessageForm.for_message(request.POST or None, message)
    if request.method == "POST" and form.is_valid():
        try:
            message = service.message_save(message=message, details=form.details(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("backoffice:message_detail", message.pk)
    return render(request, "messaging/backoffice/form.html", {"form": form, "message": message})


@admin_required
@in_collective_zone
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    """The preview (as the admin would receive it), and once sent, who got it."""
    message = get_message_for(message_id)
    email = service.message_email(message, request.user)
    context = {
        "message": message,
        "email": email,
        "recipients": service.recipients_of(message).count()
        if message.status == Message.Status.DRAFT
        else message.recipients_count,
    }
    if message.status != Message.Status.DRAFT:
        deliveries = MessageDelivery.objects.filter(message=message).order_by("id")
        context["page"] = page_of(request, deliveries)
        context["counts"] = service.delivery_counts(message)
    return render(request, "messaging/backoffice/detail.html", context)


@admin_required
@require_POST
def message_send(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_message_for(message_id)
    try:
        message = service.message_send(message=message, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            ngettext(
                "The message is on its way to %(count)s person.",
                "The message is on its way to %(count)s people.",
                message.recipients_count,
            )
            % {"count": message.recipients_count},
        )
    return redirect("backoffice:message_detail", message.pk)


@admin_required
@require_POST
def message_test(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_message_for(message_id)
    if service.message_send_test(message=message, to=request.user):
        messages.success(
            request, _("A test was sent to %(email)s.") % {"email": request.user.email}
        )
    else:
        messages.error(request, _("The test could not be sent; try again later."))
    return redirect("backoffice:message_detail", message.pk)


@admin_required
@require_POST
def message_delete(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_message_for(message_id)
    try:
        service.message_delete(message=message, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("backoffice:message_detail", message.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("backoffice:message_list")
