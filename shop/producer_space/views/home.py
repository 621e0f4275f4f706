from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.access import producer_of, producer_required


@producer_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "producer_space/home.html", {"producer": producer_of(request.user)})
