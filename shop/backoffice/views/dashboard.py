from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.access import admin_required


@admin_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/home.html", {})
