"""What logistics tells the rest of the shop."""

from django.dispatch import Signal

# Sent on commit when an adjustment after the deadline (actual weight,
# shortage) changed an order's total. kwargs: order_id, total_before,
# total_after (VAT included, delivery included), reason ("weight" or
# "shortage"). The payments side listens to refund or charge the difference
# of an order paid online.
order_total_adjusted = Signal()
