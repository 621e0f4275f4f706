from django import forms
from django.utils.translation import gettext_lazy as _

from shop.catalogue.models import Producer
from shop.cycles.models import OrderCycle
from shop.orders.models import Order
from shop.pickup.models import PickupPoint


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    cycle = forms.ModelChoiceField(
        label=_("Cycle"), queryset=OrderCycle.objects.order_by("-closes_at"), required=False
    )
    point = forms.ModelChoiceField(
        label=_("Pickup point"), queryset=PickupPoint.objects.order_by("name"), required=False
    )
    producer = forms.ModelChoiceField(
        label=_("Producer"), queryset=Producer.objects.order_by("farm_name"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Order.Status.choices], required=False
    )
