"""The back-office's first page counts what matters and links to it."""

from django.urls import reverse

from shop.demo.factories import make_cycle, make_point, make_producer, make_product
from shop.members.models import ProfessionalAccount
from tests.conftest import make_user

from .conftest import in_schema


def test_the_overview_counts_producers_products_points_and_open_cycles(alice_client, panier):
    pro = make_user(panier, "chef@bistrot.fr")
    with in_schema(panier):
        farm = make_producer()
        make_product(farm)
        make_product(farm, name="Navets", active=False)
        make_producer(active=False)
        point = make_point()
        make_point("Fermée", active=False)
        make_cycle([point])
        ProfessionalAccount.objects.create(
            user=pro, company_name="Bistrot", siret="92229928400013", billing_address="Rennes"
        )
    response = alice_client.get(reverse("backoffice:home"))
    overview = response.context["overview"]
    assert (overview.producers, overview.active_products) == (1, 1)
    assert (overview.pickup_points, overview.open_cycles) == (1, 1)
    assert overview.professionals_awaiting == 1
    assert reverse("backoffice:producer_list") in response.content.decode()
