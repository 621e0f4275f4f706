from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shop.access import admin_required
from shop.backoffice import selectors


@admin_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "backoffice/home.html", {"overview": selectors.overview(now=timezone.now())}
    )
