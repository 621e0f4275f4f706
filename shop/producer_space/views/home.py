from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.access import producer_required
from shop.catalogue.models import Producer
from shop.catalogue.selectors import producer_products_counts
from shop.cycles.offer_selectors import offer_counts_for_producer, offer_cycles_open_for_changes
from shop.producer_space.access import space_producer
from shop.producer_space.views.common import render_space


@producer_required
def home(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:  # an admin, who picks whose space to work in
        producers = Producer.objects.order_by("farm_name")
        return render(request, "producer_space/pick_producer.html", {"producers": producers})
    cycles = list(offer_cycles_open_for_changes()[:4])
    counts = offer_counts_for_producer(producer=producer, cycles=cycles)
    return render_space(
        request,
        "home.html",
        producer,
        {
            "counts": producer_products_counts(producer=producer),
            "cycles": [(cycle, counts.get(cycle.pk, 0)) for cycle in cycles],
        },
    )
