from django import template

from billing.payments.models import PaymentSettings

register = template.Library()


@register.inclusion_tag("payments/_payment_choice.html", takes_context=True)
def payment_choice(context):
    """The checkout's "pay online / pay at pickup" choice, when the collective offers both."""
    settings_row = PaymentSettings.load()
    post = context.get("post") or {}
    return {"settings": settings_row, "chosen": post.get("payment", "")}
