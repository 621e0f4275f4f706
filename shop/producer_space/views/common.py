"""What every page of the producer space shares."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from shop.catalogue.models import Producer
from shop.producer_space.access import is_admin, space_query


def render_space(
    request: HttpRequest, template: str, producer: Producer, context: dict | None = None
) -> HttpResponse:
    return render(
        request,
        f"producer_space/{template}",
        {
            "producer": producer,
            "space_query": space_query(request, producer),
            "acting_as_admin": is_admin(request.user),
            **(context or {}),
        },
    )


def redirect_space(
    request: HttpRequest, producer: Producer, name: str, *args
) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args) + space_query(request, producer))


def report(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's refusal as messages, one per problem."""
    for message in error.messages:
        messages.error(request, message)
