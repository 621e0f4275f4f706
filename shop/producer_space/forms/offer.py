"""The weekly offer as one table: three inputs per variant, checked at once."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.cycles.offer import OfferLine
from shop.cycles.offer_selectors import OfferRow
from shop.producer_space.forms.fields import DecimalCommaField

ACTIONS = ("save", "copy_previous", "add_all_unlimited", "withdraw_all")


@dataclass
class TableRow:
    """What the template shows for one variant: saved values, or what was just typed."""

    row: OfferRow
    offered: bool
    quantity: object
    point_ids: set[int]
    errors: list[str]


class OfferForm(forms.Form):
    """Fields `o-<variant id>` (offered), `q-<id>` (quantity, blank: unlimited)
    and `p-<id>` (pickup points, none: all); `shown` lists the variants the
    page showed, so a variant added meanwhile elsewhere is left alone."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], initial="save")
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rows: list[OfferRow], points, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        point_choices = [(p.pk, p.name) for p in points]
        for row in rows:
            pk = row.variant.pk
            self.fields[f"o-{pk}"] = forms.BooleanField(required=False, initial=row.offered)
            self.fields[f"q-{pk}"] = DecimalCommaField(
                required=False,
                min_value=Decimal(0),
                max_digits=10,
                decimal_places=3,
                initial=row.item.quantity_available if row.item else None,
                error_messages={"min_value": _("The quantity cannot be negative.")},
            )
            self.fields[f"p-{pk}"] = forms.TypedMultipleChoiceField(
                required=False, choices=point_choices, coerce=int, initial=row.point_ids
            )
        self.fields["shown"].initial = " ".join(str(r.variant.pk) for r in rows)

    def table(self) -> list[TableRow]:
        table = []
        for row in self.rows:
            pk = row.variant.pk
            points = self[f"p-{pk}"].value() or []
            table.append(
                TableRow(
                    row=row,
                    offered=bool(self[f"o-{pk}"].value()),
                    quantity=self[f"q-{pk}"].value(),
                    point_ids={int(p) for p in points if str(p).isdigit()},
                    errors=[*self.errors.get(f"q-{pk}", []), *self.errors.get(f"p-{pk}", [])],
                )
            )
        return table

    def lines(self) -> list[OfferLine]:
        shown = {int(pk) for pk in self.cleaned_data["shown"].split() if pk.isdigit()}
        data = self.cleaned_data
        return [
            OfferLine(
                variant_id=row.variant.pk,
                offered=data[f"o-{row.variant.pk}"],
                quantity_available=data[f"q-{row.variant.pk}"],
                pickup_point_ids=frozenset(data[f"p-{row.variant.pk}"]),
            )
            for row in self.rows
            if row.variant.pk in shown
        ]
