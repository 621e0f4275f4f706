"""The platform's public site, on the apex domain."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import collective_directory


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "public_site/landing.html", {"collectives": collective_directory()})
