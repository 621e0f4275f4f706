"""The admin's message form: it reads what was typed; `collective_messages` validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.backoffice.forms.base import BackofficeForm
from shop.messaging.collective_messages import MessageDetails
from shop.messaging.models import Message
from shop.pickup.models import PickupPoint


class MessageForm(BackofficeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Message.Kind.choices)
    segment = forms.ChoiceField(
        label=_("Recipients"), choices=Message.Segment.choices, widget=forms.RadioSelect
    )
    pickup_point = forms.ModelChoiceField(
        label=_("Pickup point"),
        queryset=PickupPoint.objects.filter(active=True),
        required=False,
        help_text=_("Only for “Consumers of one pickup point”: its usual and recent customers."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text; links are made clickable. A blank line starts a paragraph."),
    )
    subject_en = forms.CharField(label=_("Subject in English"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Message in English"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Optional: members who chose English get this version."),
    )

    @classmethod
    def for_message(cls, data, message: Message | None):
        initial = None
        if message is not None:
            initial = {
                "kind": message.kind,
                "segment": message.segment,
                "pickup_point": message.pickup_point_id,
                "subject": message.subject,
                "body": message.body,
                "subject_en": message.subject_en,
                "body_en": message.body_en,
            }
        return cls(data, initial=initial)

    def details(self) -> MessageDetails:
        data = self.cleaned_data
        return MessageDetails(
            kind=data["kind"],
            segment=data["segment"],
            pickup_point=data["pickup_point"],
            subject=data["subject"],
            body=data["body"],
            subject_en=data["subject_en"],
            body_en=data["body_en"],
        )
